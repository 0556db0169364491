package dev.externalfiles.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The rendered documents of one overlay, with the look-ups the checks need. */
record Manifests(String overlay, List<ObjectNode> documents) {

    static Manifests of(String overlay) {
        return new Manifests(overlay, Kustomize.render(Repo.overlay(overlay)));
    }

    List<ObjectNode> ofKind(String kind) {
        return documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    Optional<ObjectNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(d -> d.path("metadata").path("name").asText().equals(name)).findFirst();
    }

    ObjectNode one(String kind, String name) {
        return find(kind, name).orElseGet(() -> fail(overlay + " renders no " + kind + " " + name));
    }

    /** The namespace every namespaced document is put in by the overlay. */
    String namespace() {
        return ofKind("Deployment").get(0).path("metadata").path("namespace").asText();
    }

    /** Every pod the overlay describes: Deployments' templates and PodTemplates. */
    List<Pod> pods() {
        List<Pod> pods = new ArrayList<>();
        for (ObjectNode deployment : ofKind("Deployment")) {
            pods.add(new Pod("Deployment " + name(deployment), deployment.path("spec").path("template")));
        }
        for (ObjectNode template : ofKind("PodTemplate")) {
            pods.add(new Pod("PodTemplate " + name(template), template.path("template")));
        }
        return pods;
    }

    Pod pod(String kind, String name) {
        return pods().stream().filter(p -> p.owner().equals(kind + " " + name)).findFirst()
                .orElseGet(() -> fail(overlay + " has no pod of " + kind + " " + name));
    }

    static String name(JsonNode document) {
        return document.path("metadata").path("name").asText();
    }

    /** A pod template: its metadata and spec, and its containers (sidecars among the init containers). */
    record Pod(String owner, JsonNode template) {

        JsonNode metadata() {
            return template.path("metadata");
        }

        JsonNode spec() {
            return template.path("spec");
        }

        List<JsonNode> containers() {
            List<JsonNode> containers = new ArrayList<>();
            spec().path("initContainers").forEach(containers::add);
            spec().path("containers").forEach(containers::add);
            return containers;
        }

        JsonNode container(String name) {
            return containers().stream().filter(c -> c.path("name").asText().equals(name)).findFirst()
                    .orElseGet(() -> fail(owner + " has no container " + name));
        }
    }
}
