package dev.externalfiles.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The environment a container would get, resolved as the kubelet does: envFrom first, then env in
 * order with $(VAR) references to variables defined before; ConfigMaps and Secrets from the
 * rendered documents, operator-created Secrets from {@link OperatorSecrets}, downward-API fields
 * from the pod's metadata (a sample pod name stands for the one the platform gives).
 */
final class ContainerEnv {

    static final String SAMPLE_POD_NAME = "kernel-7f3a9c";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    static Map<String, String> of(Manifests manifests, Manifests.Pod pod, JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        String where = pod.owner() + " container " + container.path("name").asText();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                env.putAll(data(manifests.one("ConfigMap", from.path("configMapRef").path("name").asText())));
            } else if (from.has("secretRef")) {
                String name = from.path("secretRef").path("name").asText();
                Optional<ObjectNode> secret = manifests.find("Secret", name);
                if (secret.isPresent()) {
                    env.putAll(data(secret.get()));
                } else if (OperatorSecrets.ENV_FROM.contains(name)) {
                    env.putAll(OperatorSecrets.SAMPLE_CRYPTO);
                } else {
                    fail(where + " reads Secret " + name + ", which is neither rendered nor documented");
                }
            }
        }
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            if (variable.has("value")) {
                env.put(name, expand(variable.path("value").asText(), env, where));
            } else {
                env.put(name, valueFrom(manifests, pod, variable.path("valueFrom"), where + " env " + name));
            }
        }
        return env;
    }

    private static String valueFrom(Manifests manifests, Manifests.Pod pod, JsonNode from, String where) {
        if (from.has("secretKeyRef")) {
            String name = from.path("secretKeyRef").path("name").asText();
            String key = from.path("secretKeyRef").path("key").asText();
            Optional<ObjectNode> secret = manifests.find("Secret", name);
            if (secret.isPresent()) {
                return Optional.ofNullable(data(secret.get()).get(key))
                        .orElseGet(() -> fail(where + ": Secret " + name + " has no key " + key));
            }
            if (!OperatorSecrets.KEYS.getOrDefault(name, java.util.Set.of()).contains(key)) {
                fail(where + ": Secret " + name + " key " + key + " is neither rendered nor documented in OperatorSecrets");
            }
            return "secret-" + name + "-" + key;
        }
        if (from.has("configMapKeyRef")) {
            String name = from.path("configMapKeyRef").path("name").asText();
            return data(manifests.one("ConfigMap", name)).get(from.path("configMapKeyRef").path("key").asText());
        }
        if (from.has("fieldRef")) {
            String field = from.path("fieldRef").path("fieldPath").asText();
            if (field.equals("metadata.name")) {
                return SAMPLE_POD_NAME;
            }
            if (field.equals("metadata.namespace")) {
                return manifests.namespace();
            }
            Matcher annotation = Pattern.compile("metadata\\.annotations\\['(.+)'\\]").matcher(field);
            if (annotation.matches()) {
                JsonNode value = pod.metadata().path("annotations").path(annotation.group(1));
                return value.isMissingNode() ? fail(where + ": the pod has no annotation " + annotation.group(1)) : value.asText();
            }
            return fail(where + ": unsupported fieldRef " + field);
        }
        return fail(where + ": neither value nor a known valueFrom");
    }

    /** Kubernetes' $(VAR) expansion: defined variables are replaced, $$ escapes, others stay. */
    static String expand(String value, Map<String, String> defined, String where) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            boolean escaped = m.start() > 0 && value.charAt(m.start() - 1) == '$';
            String replacement = escaped ? m.group() : defined.get(m.group(1));
            if (replacement == null) {
                fail(where + ": $(" + m.group(1) + ") refers to a variable not defined before it");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    static Map<String, String> data(JsonNode configMapOrSecret) {
        Map<String, String> data = new LinkedHashMap<>();
        configMapOrSecret.path("data").fields().forEachRemaining(e -> data.put(e.getKey(),
                configMapOrSecret.path("kind").asText().equals("Secret")
                        ? new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)
                        : e.getValue().asText()));
        configMapOrSecret.path("stringData").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    private ContainerEnv() {
    }
}
