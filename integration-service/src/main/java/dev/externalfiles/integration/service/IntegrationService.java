package dev.externalfiles.integration.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.exception.ConstraintViolationException;

import dev.externalfiles.contracts.ChecksumMode;
import dev.externalfiles.contracts.IntegrationChanged;
import dev.externalfiles.contracts.ObjectKeys;
import dev.externalfiles.integration.crypto.SecretCipher;
import dev.externalfiles.integration.domain.AccessGrant;
import dev.externalfiles.integration.domain.Integration;
import dev.externalfiles.integration.domain.Workspace;
import dev.externalfiles.integration.domain.WorkspaceMember;
import dev.externalfiles.integration.messaging.OutboxRelay;
import dev.externalfiles.integration.messaging.OutboxWriter;
import dev.externalfiles.integration.s3.BucketInspector;
import dev.externalfiles.integration.s3.BucketLocation;
import dev.externalfiles.integration.s3.BucketNames;
import dev.externalfiles.integration.s3.EndpointPolicy;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import software.amazon.awssdk.regions.Region;

/**
 * Creates, changes and deletes integrations and their access grants. Credentials are checked
 * against the bucket before anything is stored, outside any database transaction; the write
 * itself, its audit line and its IntegrationChanged event commit together.
 */
@ApplicationScoped
public class IntegrationService {

    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Za-z0-9+/=._-]{3,128}");

    private final SecretCipher cipher;
    private final BucketInspector inspector;
    private final EndpointPolicy endpoints;
    private final OutboxWriter outbox;
    private final OutboxRelay relay;
    private final AuditLog audit;

    public IntegrationService(SecretCipher cipher, BucketInspector inspector, EndpointPolicy endpoints, OutboxWriter outbox,
            OutboxRelay relay, AuditLog audit) {
        this.cipher = cipher;
        this.inspector = inspector;
        this.endpoints = endpoints;
        this.outbox = outbox;
        this.relay = relay;
        this.audit = audit;
    }

    /** Integrations the caller may see: all for admins, those granted to them for others. */
    public Uni<List<Integration>> list(Caller caller, String workspaceId) {
        return Panache.withSession(() -> memberOf(caller, workspaceId).chain(ctx -> {
            AccessPolicy.requireMember(ctx.workspace(), ctx.member());
            AccessPolicy.requirePlan(ctx.workspace());
            return Integration.<Integration> list("workspaceId = ?1 order by name", workspaceId)
                    .chain(all -> grantsOf(all).map(grants -> all.stream()
                            .filter(i -> AccessPolicy.hasAccess(ctx.member(), grants.stream()
                                    .filter(g -> g.integrationId.equals(i.id)).toList()))
                            .toList()));
        }));
    }

    public Uni<Integration> get(Caller caller, String workspaceId, UUID integrationId) {
        return Panache.withSession(() -> accessible(caller, workspaceId, integrationId));
    }

    public Uni<Integration> create(Caller caller, String workspaceId, NewIntegration draft) {
        String slug = Slugs.of(draft.name().trim());
        validateNew(draft, slug);
        String rootPrefix = normalizeRootPrefix(draft.rootPrefix());
        ChecksumMode checksumMode = draft.checksumMode() == null ? ChecksumMode.WHEN_SUPPORTED : draft.checksumMode();
        // A custom endpoint is always addressed path-style: with virtual hosts the SDK would call
        // <bucket>.<host>, a name nobody checked against the private-address rules.
        boolean pathStyle = draft.endpoint() != null && !draft.endpoint().isBlank()
                || Boolean.TRUE.equals(draft.pathStyle());
        if (Boolean.FALSE.equals(draft.pathStyle()) && draft.endpoint() != null && !draft.endpoint().isBlank()) {
            throw new InvalidInput("pathStyle", "must be true (or absent) with a custom endpoint");
        }
        return Panache.withSession(() -> memberOf(caller, workspaceId).invoke(ctx -> AccessPolicy
                .requireIntegrationAdmin(ctx.workspace(), ctx.member()))
                .chain(() -> requireSlugFree(workspaceId, slug, null)))
                .chain(() -> endpoints.check(draft.endpoint()))
                .chain(endpoint -> {
                    BucketLocation location = new BucketLocation(draft.bucket(), draft.region(), endpoint, pathStyle,
                            checksumMode, draft.accessKeyId(), draft.secretAccessKey());
                    return inspector.checkAccess(location, rootPrefix).replaceWith(endpoint);
                })
                .chain(endpoint -> Panache.withTransaction(() -> memberOf(caller, workspaceId)
                        .invoke(ctx -> AccessPolicy.requireIntegrationAdmin(ctx.workspace(), ctx.member()))
                        .chain(() -> requireSlugFree(workspaceId, slug, null))
                        .chain(() -> {
                            Integration integration = new Integration();
                            integration.id = UUID.randomUUID();
                            integration.workspaceId = workspaceId;
                            integration.type = Integration.TYPE_S3;
                            integration.name = draft.name().trim();
                            integration.slug = slug;
                            integration.bucket = draft.bucket();
                            integration.region = draft.region();
                            integration.rootPrefix = rootPrefix;
                            integration.endpoint = endpoint;
                            integration.pathStyle = pathStyle;
                            integration.checksumMode = checksumMode;
                            integration.accessKeyId = draft.accessKeyId();
                            seal(integration, draft.secretAccessKey());
                            integration.writeback = draft.writeback();
                            integration.createdBy = caller.userId();
                            integration.createdAt = Instant.now();
                            integration.updatedAt = integration.createdAt;
                            return integration.<Integration> persistAndFlush();
                        })
                        .call(i -> audit.record(caller.userId(), "integration.create", workspaceId, i.id.toString(),
                                "name=" + i.name + " slug=" + i.slug + " bucket=" + i.bucket + " writeback=" + i.writeback))
                        .call(this::announce)))
                .onFailure(IntegrationService::isSlugConstraint).transform(e -> Conflict.slugTaken(slug))
                .invoke(i -> relay.poke());
    }

    public Uni<Integration> update(Caller caller, String workspaceId, UUID integrationId, IntegrationChanges changes) {
        String newSlug = changes.name() == null ? null : Slugs.of(changes.name().trim());
        if (Boolean.FALSE.equals(changes.pathStyle())) {
            throw new InvalidInput("pathStyle", "cannot be turned off: custom endpoints are addressed path-style");
        }
        validateChanges(changes, newSlug);
        return Panache.withSession(() -> adminTarget(caller, workspaceId, integrationId).call(i -> {
            requireVersion(i, changes.version());
            return newSlug == null ? Uni.createFrom().voidItem() : requireSlugFree(workspaceId, newSlug, i.id);
        })).chain(current -> {
            if (!changes.movesBucket()) {
                return Uni.createFrom().item(current.endpoint);
            }
            String endpointInput = changes.endpoint() != null ? changes.endpoint() : current.endpoint;
            return endpoints.check(endpointInput == null || endpointInput.isBlank() ? null : endpointInput).call(endpoint -> {
                BucketLocation location = new BucketLocation(
                        changes.bucket() != null ? changes.bucket() : current.bucket,
                        changes.region() != null ? changes.region() : current.region,
                        endpoint,
                        endpoint != null || current.pathStyle,
                        changes.checksumMode() != null ? changes.checksumMode() : current.checksumMode,
                        current.accessKeyId, secretOf(current));
                String rootPrefix = changes.rootPrefix() != null ? normalizeRootPrefix(changes.rootPrefix())
                        : current.rootPrefix;
                return inspector.checkAccess(location, rootPrefix);
            });
        }).chain(endpoint -> Panache.withTransaction(() -> adminTarget(caller, workspaceId, integrationId).chain(i -> {
            requireVersion(i, changes.version());
            StringBuilder what = new StringBuilder();
            if (changes.name() != null) {
                i.name = changes.name().trim();
                i.slug = newSlug;
                what.append(" name=").append(i.name).append(" slug=").append(i.slug);
            }
            if (changes.bucket() != null) {
                i.bucket = changes.bucket();
                what.append(" bucket=").append(i.bucket);
            }
            if (changes.region() != null) {
                i.region = changes.region();
                what.append(" region=").append(i.region);
            }
            if (changes.rootPrefix() != null) {
                i.rootPrefix = normalizeRootPrefix(changes.rootPrefix());
                what.append(" rootPrefix=").append(i.rootPrefix);
            }
            if (changes.endpoint() != null) {
                i.endpoint = endpoint;
                i.pathStyle = endpoint != null || i.pathStyle;
                what.append(" endpoint=").append(endpoint);
            }
            if (changes.pathStyle() != null) {
                i.pathStyle = changes.pathStyle();
                what.append(" pathStyle=").append(i.pathStyle);
            }
            if (changes.checksumMode() != null) {
                i.checksumMode = changes.checksumMode();
                what.append(" checksumMode=").append(i.checksumMode);
            }
            if (changes.writeback() != null) {
                i.writeback = changes.writeback();
                what.append(" writeback=").append(i.writeback);
            }
            i.updatedAt = Instant.now();
            return i.<Integration> persistAndFlush()
                    .call(saved -> audit.record(caller.userId(), "integration.update", workspaceId, saved.id.toString(),
                            what.toString().trim()))
                    .call(this::announce);
        })))
                .onFailure(IntegrationService::isSlugConstraint).transform(e -> Conflict.slugTaken(newSlug))
                .invoke(i -> relay.poke());
    }

    public Uni<Integration> rotateCredentials(Caller caller, String workspaceId, UUID integrationId, NewCredentials credentials) {
        requireAccessKeyId(credentials.accessKeyId());
        return Panache.withSession(() -> adminTarget(caller, workspaceId, integrationId)
                .invoke(i -> requireVersion(i, credentials.version())))
                .call(current -> inspector.checkAccess(new BucketLocation(current.bucket, current.region, current.endpoint,
                        current.pathStyle, current.checksumMode, credentials.accessKeyId(), credentials.secretAccessKey()),
                        current.rootPrefix))
                .chain(() -> Panache.withTransaction(() -> adminTarget(caller, workspaceId, integrationId).chain(i -> {
                    requireVersion(i, credentials.version());
                    i.accessKeyId = credentials.accessKeyId();
                    seal(i, credentials.secretAccessKey());
                    i.updatedAt = Instant.now();
                    return i.<Integration> persistAndFlush()
                            .call(saved -> audit.record(caller.userId(), "integration.rotate-credentials", workspaceId,
                                    saved.id.toString(), "accessKeyId=" + BucketInspector.mask(saved.accessKeyId)))
                            .call(this::announce);
                })))
                .invoke(i -> relay.poke());
    }

    /** Allowed on every plan: a downgraded workspace must still be able to remove its credentials. */
    public Uni<Void> delete(Caller caller, String workspaceId, UUID integrationId) {
        return Panache.withTransaction(() -> adminTargetOnAnyPlan(caller, workspaceId, integrationId)
                .call(i -> outbox.integrationChanged(IntegrationChanged.of(i.id, i.workspaceId, i.slug, i.version,
                        i.writeback, true)))
                .call(i -> audit.record(caller.userId(), "integration.delete", workspaceId, i.id.toString(),
                        "name=" + i.name))
                .call(i -> i.delete()))
                .invoke(i -> relay.poke())
                .replaceWithVoid();
    }

    public Uni<List<AccessGrant>> grants(Caller caller, String workspaceId, UUID integrationId) {
        return Panache.withSession(() -> adminTarget(caller, workspaceId, integrationId)
                .chain(i -> AccessGrant.<AccessGrant> list("integrationId = ?1 order by grantedAt", i.id)));
    }

    /** Grants one user (userId) or, with a null userId, the whole workspace. Idempotent. */
    public Uni<AccessGrant> grant(Caller caller, String workspaceId, UUID integrationId, String userId) {
        return Panache.withTransaction(() -> adminTarget(caller, workspaceId, integrationId).chain(i -> {
            Uni<Void> memberCheck = userId == null ? Uni.createFrom().voidItem()
                    : WorkspaceMember.<WorkspaceMember> findById(new WorkspaceMember.Key(workspaceId, userId))
                            .onItem().ifNull().failWith(() -> new InvalidInput("userId",
                                    "names '" + userId + "', who is not a member of workspace '" + workspaceId + "'"))
                            .replaceWithVoid();
            return memberCheck.chain(() -> findGrant(i.id, userId)).chain(existing -> {
                if (existing != null) {
                    return Uni.createFrom().item(existing);
                }
                AccessGrant grant = new AccessGrant();
                grant.id = UUID.randomUUID();
                grant.integrationId = i.id;
                grant.userId = userId;
                grant.grantedBy = caller.userId();
                grant.grantedAt = Instant.now();
                return grant.<AccessGrant> persist()
                        .call(() -> audit.record(caller.userId(), "integration.grant", workspaceId, i.id.toString(),
                                userId == null ? "workspace" : "user=" + userId))
                        .call(() -> announce(i));
            });
        })).invoke(g -> relay.poke());
    }

    /** Revokes a user's grant or, with a null userId, the workspace-wide grant; true if one existed. Any plan. */
    public Uni<Boolean> revoke(Caller caller, String workspaceId, UUID integrationId, String userId) {
        return Panache.withTransaction(() -> adminTargetOnAnyPlan(caller, workspaceId, integrationId)
                .chain(i -> findGrant(i.id, userId).chain(existing -> existing == null
                        ? Uni.createFrom().item(false)
                        : existing.delete()
                                .call(() -> audit.record(caller.userId(), "integration.revoke", workspaceId,
                                        i.id.toString(), userId == null ? "workspace" : "user=" + userId))
                                .call(() -> announce(i))
                                .replaceWith(true))))
                .invoke(revoked -> relay.poke());
    }

    /** Whether the integration's custom endpoint is on the operator's allow-list (may be internal). */
    public boolean endpointAllowListed(Integration integration) {
        return endpoints.allowListed(integration.endpoint);
    }

    /** The bucket location with the decrypted secret; for internal callers that were authorized. */
    public BucketLocation locationOf(Integration integration) {
        return new BucketLocation(integration.bucket, integration.region, integration.endpoint, integration.pathStyle,
                integration.checksumMode, integration.accessKeyId, secretOf(integration));
    }

    /** The integration if the caller may browse it (member, plan, access); inside a session. */
    Uni<Integration> accessible(Caller caller, String workspaceId, UUID integrationId) {
        return memberOf(caller, workspaceId).chain(ctx -> integrationIn(workspaceId, integrationId)
                .call(i -> grantsOf(List.of(i)).invoke(grants -> AccessPolicy.requireAccess(ctx.workspace(), ctx.member(),
                        grants, i.slug))));
    }

    private Uni<Integration> adminTarget(Caller caller, String workspaceId, UUID integrationId) {
        return memberOf(caller, workspaceId)
                .invoke(ctx -> AccessPolicy.requireIntegrationAdmin(ctx.workspace(), ctx.member()))
                .chain(() -> integrationIn(workspaceId, integrationId));
    }

    private Uni<Integration> adminTargetOnAnyPlan(Caller caller, String workspaceId, UUID integrationId) {
        return memberOf(caller, workspaceId)
                .invoke(ctx -> AccessPolicy.requireAdminOnAnyPlan(ctx.workspace(), ctx.member()))
                .chain(() -> integrationIn(workspaceId, integrationId));
    }

    static Uni<Integration> integrationIn(String workspaceId, UUID integrationId) {
        return Integration.<Integration> findById(integrationId)
                .onItem().ifNull().failWith(() -> new NotFound("Integration", integrationId))
                .invoke(i -> {
                    if (!i.workspaceId.equals(workspaceId)) {
                        throw new NotFound("Integration", integrationId);
                    }
                });
    }

    /** The workspace and the caller's membership (null when not a member); 404 for an unknown workspace. */
    static Uni<MemberContext> memberOf(Caller caller, String workspaceId) {
        return WorkspaceDirectory.workspace(workspaceId)
                .chain(ws -> WorkspaceMember.<WorkspaceMember> findById(new WorkspaceMember.Key(workspaceId, caller.userId()))
                        .map(member -> new MemberContext(ws, member)));
    }

    static Uni<List<AccessGrant>> grantsOf(List<Integration> integrations) {
        if (integrations.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return AccessGrant.list("integrationId in ?1", integrations.stream().map(i -> i.id).toList());
    }

    private static Uni<AccessGrant> findGrant(UUID integrationId, String userId) {
        return userId == null
                ? AccessGrant.find("integrationId = ?1 and userId is null", integrationId).firstResult()
                : AccessGrant.find("integrationId = ?1 and userId = ?2", integrationId, userId).firstResult();
    }

    /** A concurrent create or rename took the slug between our check and our insert. */
    private static boolean isSlugConstraint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException c && "integration_slug_unique".equals(c.getConstraintName())) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("integration_slug_unique")) {
                return true;
            }
        }
        return false;
    }

    private Uni<Void> announce(Integration i) {
        return outbox.integrationChanged(IntegrationChanged.of(i.id, i.workspaceId, i.slug, i.version, i.writeback, false));
    }

    private static Uni<Void> requireSlugFree(String workspaceId, String slug, UUID except) {
        return Integration.count("workspaceId = ?1 and slug = ?2 and id <> ?3", workspaceId, slug,
                except == null ? new UUID(0, 0) : except).invoke(n -> {
                    if (n > 0) {
                        throw Conflict.slugTaken(slug);
                    }
                }).replaceWithVoid();
    }

    private static void requireVersion(Integration integration, long version) {
        if (integration.version != version) {
            throw Conflict.staleVersion(version, integration.version);
        }
    }

    private void seal(Integration integration, String secret) {
        SecretCipher.Sealed sealed = cipher.seal(secret, integration.id.toString());
        integration.secretCiphertext = sealed.ciphertext();
        integration.secretKeyId = sealed.keyId();
    }

    private String secretOf(Integration integration) {
        return cipher.open(new SecretCipher.Sealed(integration.secretKeyId, integration.secretCiphertext),
                integration.id.toString());
    }

    private static void validateNew(NewIntegration draft, String slug) {
        if (draft.type() != null && !Integration.TYPE_S3.equals(draft.type())) {
            throw new InvalidInput("type", "must be 's3' (the only type supported)");
        }
        requireSlug(slug);
        requireBucket(draft.bucket());
        requireRegion(draft.region());
        requireAccessKeyId(draft.accessKeyId());
        normalizeRootPrefix(draft.rootPrefix());
    }

    private static void validateChanges(IntegrationChanges changes, String newSlug) {
        if (newSlug != null) {
            requireSlug(newSlug);
        }
        if (changes.bucket() != null) {
            requireBucket(changes.bucket());
        }
        if (changes.region() != null) {
            requireRegion(changes.region());
        }
        if (changes.rootPrefix() != null) {
            normalizeRootPrefix(changes.rootPrefix());
        }
    }

    private static void requireSlug(String slug) {
        if (slug.isEmpty()) {
            throw new InvalidInput("name", "gives an empty slug: it needs at least one letter, digit, space or '_'");
        }
    }

    private static void requireBucket(String bucket) {
        BucketNames.problemWith(bucket).ifPresent(problem -> {
            throw new InvalidInput("bucket", problem);
        });
    }

    private static void requireRegion(String region) {
        if (Region.regions().stream().noneMatch(r -> r.id().equals(region))) {
            throw new InvalidInput("region", "'" + region + "' is not a known AWS region");
        }
    }

    private static void requireAccessKeyId(String accessKeyId) {
        if (!ACCESS_KEY_ID.matcher(accessKeyId).matches()) {
            throw new InvalidInput("accessKeyId", "may contain only letters, digits and + / = . _ -");
        }
    }

    /** "" for none; otherwise a safe relative prefix ending with '/'. */
    static String normalizeRootPrefix(String rootPrefix) {
        if (rootPrefix == null || rootPrefix.isBlank()) {
            return "";
        }
        String trimmed = rootPrefix.endsWith("/") ? rootPrefix.substring(0, rootPrefix.length() - 1) : rootPrefix;
        ObjectKeys.refusalFor(trimmed).ifPresent(refusal -> {
            throw new InvalidInput("rootPrefix", "is unsafe: " + refusal.description);
        });
        return trimmed + "/";
    }

    /** A workspace with the caller's membership in it, or null when the caller is not a member. */
    record MemberContext(Workspace workspace, WorkspaceMember member) {
    }
}
