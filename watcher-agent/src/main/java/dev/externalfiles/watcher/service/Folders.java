package dev.externalfiles.watcher.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The integration folders the kernel may use now, as the registry last said. Only these are
 * watched, published and served; a revoked integration's folder stays on disk, untouched.
 */
@ApplicationScoped
public class Folders {

    private volatile Map<String, IntegrationFolder> bySlug = Map.of();

    /** Replaces the set and says what changed. */
    public synchronized Change replace(List<IntegrationFolder> now) {
        Map<String, IntegrationFolder> next = new LinkedHashMap<>();
        now.forEach(f -> next.put(f.slug(), f));
        List<IntegrationFolder> added = new ArrayList<>();
        List<IntegrationFolder> removed = new ArrayList<>();
        for (IntegrationFolder f : next.values()) {
            IntegrationFolder before = bySlug.get(f.slug());
            if (before == null || !before.type().equals(f.type())) {
                added.add(f);
            }
        }
        for (IntegrationFolder f : bySlug.values()) {
            IntegrationFolder after = next.get(f.slug());
            if (after == null || !after.type().equals(f.type())) {
                removed.add(f);
            }
        }
        bySlug = Map.copyOf(next);
        return new Change(added, removed, List.copyOf(next.values()));
    }

    public Optional<IntegrationFolder> bySlug(String slug) {
        return Optional.ofNullable(bySlug.get(slug));
    }

    /** Whether the folder is one the kernel may use now (same slug and type). */
    public boolean isActive(IntegrationFolder folder) {
        IntegrationFolder current = bySlug.get(folder.slug());
        return current != null && current.type().equals(folder.type());
    }

    public List<IntegrationFolder> all() {
        return List.copyOf(bySlug.values());
    }

    /** What a replacement changed; {@code all} is the new set. */
    public record Change(List<IntegrationFolder> added, List<IntegrationFolder> removed, List<IntegrationFolder> all) {
    }
}
