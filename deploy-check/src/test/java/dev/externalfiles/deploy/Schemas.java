package dev.externalfiles.deploy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.keycloak.representations.idm.RealmRepresentation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * Checks one Kubernetes document against the schema of its apiVersion and kind, failing on unknown
 * fields as {@code kubectl apply} does with strict field validation.
 * <ul>
 * <li>Kubernetes kinds: fabric8's kubernetes-model types, generated from Kubernetes' OpenAPI.</li>
 * <li>Strimzi kinds: Strimzi's own model (io.strimzi:api), from which its CRDs are generated.</li>
 * <li>KeycloakRealmImport: a hand-written schema for the envelope (no artifact carries the operator's
 * CRD) and Keycloak's RealmRepresentation for spec.realm.</li>
 * <li>CloudNativePG Cluster: a hand-written schema of the fields used (no artifact carries it).</li>
 * </ul>
 * The fabric8 and Strimzi types keep unknown fields in additionalProperties instead of failing;
 * every non-empty one found while walking the parsed object is reported.
 */
final class Schemas {

    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/PodTemplate", PodTemplate.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class));

    private static final Map<String, String> HAND_WRITTEN = Map.of(
            "postgresql.cnpg.io/v1/Cluster", "schemas/cluster.postgresql.cnpg.io.yaml",
            "k8s.keycloak.org/v2alpha1/KeycloakRealmImport", "schemas/keycloakrealmimport.k8s.keycloak.org.yaml");

    /** Jackson as strict as the API server: unknown fields, "3" for 3 and 3 for "3" all fail. */
    static final ObjectMapper STRICT = strictMapper();

    /** Problems of one document, each naming the field; empty when it is valid. */
    static List<String> problems(JsonNode document) {
        String apiVersion = document.path("apiVersion").asText();
        String kind = document.path("kind").asText();
        String type = apiVersion + "/" + kind;
        String where = kind + " " + document.path("metadata").path("name").asText("(no name)");
        List<String> problems = new ArrayList<>();
        Class<?> model = MODELS.get(type);
        if (model != null) {
            parse(document, model, where, problems);
        } else if (HAND_WRITTEN.containsKey(type)) {
            parse(document.path("metadata"), ObjectMeta.class, where + " metadata", problems);
            StructuralSchema.load(HAND_WRITTEN.get(type)).validate(document, where, problems);
            if (kind.equals("KeycloakRealmImport")) {
                parse(document.path("spec").path("realm"), RealmRepresentation.class, where + " spec.realm", problems);
            }
        } else {
            problems.add(where + ": no schema known for " + type + " (add one to deploy-check's Schemas)");
        }
        if (document.path("metadata").path("name").asText().isEmpty()) {
            problems.add(where + ": metadata.name is required");
        }
        return problems;
    }

    /** Parses a node strictly into a model type and reports every unknown field it kept. */
    static void parse(JsonNode node, Class<?> type, String where, List<String> problems) {
        Object parsed;
        try {
            parsed = STRICT.treeToValue(node, type);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining());
            problems.add(where + field + ": " + e.getOriginalMessage().lines().findFirst().orElse(e.toString()));
            return;
        } catch (Exception e) {
            problems.add(where + ": " + e.getMessage().lines().findFirst().orElse(e.toString()));
            return;
        }
        unknownFields(parsed, where, problems, 0);
        lostValues(node, STRICT.valueToTree(parsed), where, problems, true);
    }

    /**
     * Values of the input that the parsed model does not give back: fields a model ignores, enum
     * constants it does not know (Strimzi reads those as null), anything read but not understood.
     */
    private static void lostValues(JsonNode in, JsonNode out, String path, List<String> problems, boolean top) {
        if (in.isObject()) {
            in.fields().forEachRemaining(e -> {
                JsonNode back = out == null ? null : out.get(e.getKey());
                boolean envelope = top && (e.getKey().equals("apiVersion") || e.getKey().equals("kind"));
                // Models leave defaults (false, 0) out when writing back; the version is matched before parsing.
                boolean isDefault = e.getValue().isNull() || e.getValue().asText().equals("false") && e.getValue().isBoolean()
                        || e.getValue().isNumber() && e.getValue().asDouble() == 0;
                if (envelope || (isDefault && (back == null || back.isNull()))) {
                    return;
                }
                if (back == null || back.isNull()) {
                    problems.add(path + "." + e.getKey() + ": value " + e.getValue() + " not understood by the schema");
                } else {
                    lostValues(e.getValue(), back, path + "." + e.getKey(), problems, false);
                }
            });
        } else if (in.isArray()) {
            for (int i = 0; i < in.size(); i++) {
                JsonNode back = out != null && out.isArray() && i < out.size() ? out.get(i) : null;
                if (back == null) {
                    problems.add(path + "[" + i + "]: not understood by the schema");
                } else {
                    lostValues(in.get(i), back, path + "[" + i + "]", problems, false);
                }
            }
        } else if (out == null || !in.asText().equals(out.asText())) {
            problems.add(path + ": " + in + " read as " + out);
        }
    }

    private static void unknownFields(Object value, String path, List<String> problems, int depth) {
        if (value == null || depth > 40 || !isModel(value.getClass())) {
            if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> unknownFields(v, path + "." + k, problems, depth + 1));
            } else if (value instanceof Collection<?> list) {
                int i = 0;
                for (Object item : list) {
                    unknownFields(item, path + "[" + i++ + "]", problems, depth + 1);
                }
            }
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !isModel(getter.getDeclaringClass())) {
                continue;
            }
            String name = getter.getName();
            Object result;
            try {
                if (name.equals("getAdditionalProperties")) {
                    if (getter.invoke(value) instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        problems.add(path + ": unknown field(s) " + extra.keySet());
                    }
                    continue;
                }
                if (!(name.startsWith("get") && name.length() > 3) || getter.getReturnType().isPrimitive()) {
                    continue;
                }
                result = getter.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            String property = Character.toLowerCase(name.charAt(3)) + name.substring(4);
            if (isSet(result) && getter.isAnnotationPresent(Deprecated.class)) {
                // Strimzi marks the properties its v1 API dropped (or will drop) as deprecated.
                problems.add(path + "." + property + ": deprecated, not part of the API version in use");
            }
            unknownFields(result, path + "." + property, problems, depth + 1);
        }
    }

    private static boolean isSet(Object value) {
        return value != null && !(value instanceof Collection<?> c && c.isEmpty()) && !(value instanceof Map<?, ?> m && m.isEmpty());
    }

    private static boolean isModel(Class<?> type) {
        String name = type.getName();
        return name.startsWith("io.fabric8.kubernetes.api.model.") || name.startsWith("io.strimzi.api.");
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        for (LogicalType textual : List.of(LogicalType.Textual)) {
            mapper.coercionConfigFor(textual)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        return mapper;
    }

    private Schemas() {
    }
}
