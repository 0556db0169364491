package dev.externalfiles.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The property names a service reads, as environment variable names (upper case, every other
 * character '_', SmallRye's rule): its application.properties keys, the names its property
 * expressions reference, and the properties of its @ConfigMapping interfaces (read from source).
 */
record KnownProperties(Set<String> names, Set<String> mapPrefixes) {

    /** Variables a container may set that are not configuration of the service. */
    static final Set<String> NOT_CONFIGURATION = Set.of("JAVA_TOOL_OPTIONS", "LANG", "HOME", "POD_NAME", "POD_NAMESPACE");

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^:}]+)");
    private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)");
    private static final Pattern METHOD = Pattern.compile("^\\s+([\\w.<>?, ]+?)\\s+(\\w+)\\(\\);");
    private static final Pattern NESTED = Pattern.compile("^\\s+interface (\\w+) \\{");

    static String env(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    boolean knows(String variable) {
        return NOT_CONFIGURATION.contains(variable) || names.contains(variable)
                || mapPrefixes.stream().anyMatch(prefix -> variable.startsWith(prefix + "_"));
    }

    static KnownProperties of(String service) {
        Set<String> names = new TreeSet<>();
        Set<String> mapPrefixes = new TreeSet<>();
        ServiceConfig.properties(service).forEach((key, value) -> {
            names.add(env(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key));
            Matcher m = EXPRESSION.matcher(value);
            while (m.find()) {
                names.add(env(m.group(1)));
            }
        });
        try (Stream<Path> files = Files.walk(Repo.ROOT.resolve(service).resolve("src/main/java"))) {
            for (Path file : files.filter(f -> f.getParent().getFileName().toString().equals("config")).toList()) {
                mappings(Files.readAllLines(file), names, mapPrefixes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KnownProperties(names, mapPrefixes);
    }

    /** Properties of one @ConfigMapping file: prefix + kebab-case method names, one level of nesting. */
    private static void mappings(List<String> lines, Set<String> names, Set<String> mapPrefixes) {
        String prefix = lines.stream().map(PREFIX::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst().orElse(null);
        if (prefix == null) {
            return;
        }
        Map<String, List<String[]>> methodsByInterface = new HashMap<>();
        String current = "";
        for (String line : lines) {
            Matcher nested = NESTED.matcher(line);
            if (nested.find()) {
                current = nested.group(1);
            } else if (line.equals("    }")) {
                current = "";
            }
            Matcher method = METHOD.matcher(line);
            if (method.find() && !line.contains("static") && !line.contains("return")) {
                methodsByInterface.computeIfAbsent(current, k -> new ArrayList<>()).add(new String[] { method.group(1), method.group(2) });
            }
        }
        for (String[] method : methodsByInterface.getOrDefault("", List.of())) {
            String property = prefix + "." + kebab(method[1]);
            String type = method[0].replace("java.util.", "");
            if (methodsByInterface.containsKey(type)) {
                for (String[] inner : methodsByInterface.get(type)) {
                    names.add(env(property + "." + kebab(inner[1])));
                }
            } else if (type.startsWith("Map<") || type.startsWith("Optional<Map<")) {
                mapPrefixes.add(env(property));
            } else {
                names.add(env(property));
            }
        }
    }

    private static String kebab(String method) {
        return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
