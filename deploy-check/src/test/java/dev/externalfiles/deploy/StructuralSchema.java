package dev.externalfiles.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A validator for hand-written schemas in the dialect of a CRD's openAPIV3Schema (a structural
 * schema): type, properties, required, additionalProperties, items, enum, pattern, minimum,
 * maximum, minItems, x-kubernetes-int-or-string and x-kubernetes-preserve-unknown-fields. Unlike
 * the API server, which prunes unknown fields, an object here is closed unless it says otherwise,
 * as strict field validation makes it. {@code x-java-type} names a fabric8 type that a node is
 * parsed into instead (e.g. ResourceRequirements), so shared Kubernetes types use the real schema.
 */
final class StructuralSchema {

    private static final Map<String, StructuralSchema> LOADED = new ConcurrentHashMap<>();

    private final JsonNode root;

    private StructuralSchema(JsonNode root) {
        this.root = root;
    }

    static StructuralSchema load(String resource) {
        return LOADED.computeIfAbsent(resource, name -> {
            try (InputStream in = StructuralSchema.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("schema " + name + " is missing");
                }
                return new StructuralSchema(Kustomize.YAML.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static StructuralSchema of(JsonNode root) {
        return new StructuralSchema(root);
    }

    void validate(JsonNode value, String path, List<String> problems) {
        check(root, value, path, problems);
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (schema.has("x-java-type")) {
            try {
                Schemas.parse(value, Class.forName(schema.get("x-java-type").asText()), path, problems);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("schema names an unknown type at " + path, e);
            }
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                problems.add(path + ": must be an integer or a string");
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> checkObject(schema, value, path, problems);
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(path + ": must be an array");
                    return;
                }
                if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                    problems.add(path + ": needs at least " + schema.get("minItems").asInt() + " item(s)");
                }
                for (int i = 0; i < value.size(); i++) {
                    check(schema.path("items"), value.get(i), path + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(path + ": must be a string");
                } else if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
                    problems.add(path + ": '" + value.asText() + "' does not match " + schema.get("pattern").asText());
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(path + ": must be an integer");
                } else {
                    checkRange(schema, value, path, problems);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(path + ": must be a number");
                } else {
                    checkRange(schema, value, path, problems);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(path + ": must be true or false");
                }
            }
            default -> throw new IllegalStateException("schema without a known type at " + path + ": " + schema);
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                problems.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
    }

    private static void checkObject(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (!value.isObject()) {
            problems.add(path + ": must be an object");
            return;
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add(path + "." + required.asText() + ": required");
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        boolean open = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        Set<String> unknown = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String fieldPath = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), fieldPath, problems);
            } else if (additional != null && additional.isObject()) {
                check(additional, field.getValue(), fieldPath, problems);
            } else if (!open) {
                unknown.add(field.getKey());
            }
        }
        if (!unknown.isEmpty()) {
            problems.add(path + ": unknown field(s) " + unknown);
        }
    }

    private static void checkRange(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
            problems.add(path + ": " + value + " is below the minimum " + schema.get("minimum"));
        }
        if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
            problems.add(path + ": " + value + " is above the maximum " + schema.get("maximum"));
        }
    }
}
