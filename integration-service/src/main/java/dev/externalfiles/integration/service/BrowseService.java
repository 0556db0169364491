package dev.externalfiles.integration.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.externalfiles.contracts.ObjectKeys;
import dev.externalfiles.integration.config.S3Config;
import dev.externalfiles.integration.domain.Integration;
import dev.externalfiles.integration.s3.BucketInspector;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Lists a bucket for users with access, marking keys that cannot be imported safely. */
@ApplicationScoped
public class BrowseService {

    private final IntegrationService integrations;
    private final BucketInspector inspector;
    private final S3Config config;

    public BrowseService(IntegrationService integrations, BucketInspector inspector, S3Config config) {
        this.integrations = integrations;
        this.inspector = inspector;
        this.config = config;
    }

    /** A page of the listing; prefix is relative to the integration's root prefix. */
    public Uni<Listing> browse(Caller caller, String workspaceId, UUID integrationId, String prefix, String continuationToken,
            Integer pageSize) {
        String relative = prefix == null ? "" : prefix;
        if (!relative.isEmpty()) {
            String trimmed = relative.endsWith("/") ? relative.substring(0, relative.length() - 1) : relative;
            ObjectKeys.refusalFor(trimmed).ifPresent(r -> {
                throw new InvalidInput("prefix", "is unsafe: " + r.description);
            });
        }
        int size = pageSize == null ? config.defaultPageSize() : pageSize;
        if (size < 1 || size > config.maxPageSize()) {
            throw new InvalidInput("pageSize", "must be between 1 and " + config.maxPageSize());
        }
        if (continuationToken != null && continuationToken.length() > 1024) {
            throw new InvalidInput("continuationToken", "is longer than 1024 characters");
        }
        return Panache.withSession(() -> integrations.accessible(caller, workspaceId, integrationId))
                .chain(integration -> inspector.list(integrations.locationOf(integration), integration.rootPrefix + relative,
                        continuationToken, size).map(page -> toListing(integration, relative, page)));
    }

    private static Listing toListing(Integration integration, String prefix,
            software.amazon.awssdk.services.s3.model.ListObjectsV2Response page) {
        String root = integration.rootPrefix;
        List<Folder> folders = page.commonPrefixes().stream()
                .map(p -> new Folder(p.prefix(), p.prefix().substring(root.length())))
                .toList();
        List<Entry> objects = page.contents().stream().map(o -> {
            var refusal = ObjectKeys.refusalFor(o.key(), root);
            return new Entry(o.key(), o.key().substring(Math.min(root.length(), o.key().length())), o.size(),
                    o.lastModified(), o.eTag(), refusal.isEmpty(), refusal.map(r -> r.name()).orElse(null),
                    refusal.map(r -> r.description).orElse(null));
        }).toList();
        return new Listing(integration.id, integration.slug, prefix, folders, objects, page.nextContinuationToken());
    }

    /** One page of a bucket listing. */
    public record Listing(UUID integrationId, String slug, String prefix, List<Folder> folders, List<Entry> objects,
            String nextContinuationToken) {
    }

    /** A common prefix; {@code path} is relative to the integration's root prefix. */
    public record Folder(String prefix, String path) {
    }

    /** An object; {@code importable} is false, with the reason, when its key cannot become a file safely. */
    public record Entry(String key, String path, Long size, Instant lastModified, String etag, boolean importable,
            String refusal, String refusalReason) {
    }
}
