package dev.externalfiles.deploy;

import java.util.Map;
import java.util.Set;

/**
 * The Secrets the manifests reference but never contain, as deploy/README.md tells the operator to
 * create them (or, for the database, as CloudNativePG creates it). Production renders none of them;
 * the dev overlay generates the ones an operator would create, with local values.
 */
final class OperatorSecrets {

    /** Secret name to the keys read through secretKeyRef. */
    static final Map<String, Set<String>> KEYS = Map.of(
            "external-files-db-app", Set.of("username", "password"),
            "external-files-oidc-clients", Set.of("platform", "transfer-service", "watcher-agent"));

    /** Secrets read whole through envFrom: their keys are environment variable names. */
    static final Set<String> ENV_FROM = Set.of("external-files-crypto");

    /** Created by CloudNativePG for the Cluster, never by the operator nor an overlay. */
    static final Set<String> CREATED_BY_OPERATORS = Set.of("external-files-db-app");

    /** What the crypto Secret holds in a check that has no generated one: the README's example. */
    static final Map<String, String> SAMPLE_CRYPTO = Map.of(
            "EXTERNAL_FILES_CRYPTO_ACTIVE_KEY_ID", "k2",
            "EXTERNAL_FILES_CRYPTO_KEYS_K1", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            "EXTERNAL_FILES_CRYPTO_KEYS_K2", "HyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4=");

    private OperatorSecrets() {
    }
}
