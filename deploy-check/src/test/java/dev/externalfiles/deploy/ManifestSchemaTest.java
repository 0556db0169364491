package dev.externalfiles.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Every overlay renders, and every document it renders matches the schema of its kind. */
class ManifestSchemaTest {

    @Test
    void devAndProductionOverlaysExist() {
        assertTrue(Repo.overlays().containsAll(List.of("dev", "production")), "overlays: " + Repo.overlays());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.externalfiles.deploy.Repo#overlays")
    void everyRenderedDocumentMatchesItsSchema(String overlay) {
        List<ObjectNode> documents = Manifests.of(overlay).documents();
        assertTrue(documents.size() > 20, overlay + " renders only " + documents.size() + " documents");
        List<String> problems = new ArrayList<>();
        documents.forEach(d -> problems.addAll(Schemas.problems(d)));
        assertEquals(List.of(), problems, overlay + ": documents that the API server would refuse");
    }

    @Test
    void baseMatchesItsSchemaToo() {
        List<String> problems = new ArrayList<>();
        Kustomize.render(Repo.BASE).forEach(d -> problems.addAll(Schemas.problems(d)));
        assertEquals(List.of(), problems);
    }
}
