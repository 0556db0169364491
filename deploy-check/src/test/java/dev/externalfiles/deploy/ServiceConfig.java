package dev.externalfiles.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * A service's configuration as it would run in a container: its application.properties (profile
 * prod) under the container's environment, read by SmallRye Config, the library Quarkus reads its
 * configuration with, so environment variables bind to properties exactly as in the service.
 */
final class ServiceConfig {

    static SmallRyeConfig of(String service, Map<String, String> env) {
        Map<String, String> properties = properties(service);
        return new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(properties, service + " application.properties", 250))
                .withSources(new EnvConfigSource(env, 300) {
                })
                .build();
    }

    static Map<String, String> properties(String service) {
        Properties loaded = new Properties();
        try {
            loaded.load(new StringReader(Repo.read(Repo.applicationProperties(service))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new HashMap<>();
        loaded.forEach((k, v) -> properties.put((String) k, (String) v));
        return properties;
    }

    /**
     * Properties the dev profile sets and production does not: they point at the local stack and
     * have no default, so a production container must set them.
     */
    static Set<String> setOnlyForDev(String service) {
        Map<String, String> properties = properties(service);
        Set<String> names = new TreeSet<>();
        for (String key : properties.keySet()) {
            if (!key.startsWith("%")) {
                continue;
            }
            int dot = key.indexOf('.');
            Set<String> profiles = Set.of(key.substring(1, dot).split(","));
            String name = key.substring(dot + 1);
            if (profiles.contains("dev") && !properties.containsKey(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private ServiceConfig() {
    }
}
