package dev.externalfiles.integration.service;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Keys and whole folders (prefixes) of one integration to import into a project. Keys and
 * prefixes are full object keys, inside the integration's root prefix.
 */
public record ImportRequest(
        @NotNull UUID integrationId,
        List<@NotNull @Size(min = 1, max = 1024) String> keys,
        List<@NotNull @Size(min = 1, max = 1024) String> prefixes) {

    public List<String> keysOrEmpty() {
        return keys == null ? List.of() : keys;
    }

    public List<String> prefixesOrEmpty() {
        return prefixes == null ? List.of() : prefixes;
    }
}
