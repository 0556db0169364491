package dev.externalfiles.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders a kustomization with the kustomize the operators use: {@code kubectl kustomize} (kubectl
 * 1.27+ embeds kustomize 5), or a standalone {@code kustomize build}; {@code KUSTOMIZE} may name
 * either binary. A machine without one fails the check with the way to get one, never skips it.
 */
final class Kustomize {

    static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<Path, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();
    private static final String INSTALL = """
            It needs kustomize 5 to render deploy/'s overlays. The java-maven machines have /usr/bin/kubectl \
            (kubectl 1.32 with kustomize 5.5, Debian package kubectl of the Google Cloud SDK); elsewhere install \
            kubectl 1.27 or later, or kustomize 5, and put it on the PATH or name it in KUSTOMIZE=/path/to/binary. \
            (Debian's own package kubernetes-client is kubectl 1.20 with kustomize 2, too old for these overlays.)""";

    /** The documents of the rendered kustomization, in kustomize's order; rendered once per run. */
    static List<ObjectNode> render(Path kustomization) {
        return RENDERED.computeIfAbsent(kustomization.toAbsolutePath().normalize(), Kustomize::run);
    }

    static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node instanceof ObjectNode object) {
                    documents.add(object);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("not YAML: " + e.getMessage(), e);
        }
        return documents;
    }

    private static List<ObjectNode> run(Path dir) {
        List<String> command = command(dir);
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    fail(String.join(" ", command) + " did not finish in 2 minutes");
                }
                if (process.exitValue() != 0) {
                    fail(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n"
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                return parse(Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + dir, e);
        }
    }

    private static List<String> command(Path dir) {
        String chosen = System.getenv("KUSTOMIZE");
        if (chosen != null && !chosen.isBlank()) {
            if (!Files.isExecutable(Path.of(chosen))) {
                return fail("KUSTOMIZE names " + chosen + ", which is not an executable file. " + INSTALL);
            }
            return chosen.endsWith("kubectl") ? List.of(chosen, "kustomize", dir.toString())
                    : List.of(chosen, "build", dir.toString());
        }
        Optional<Path> kubectl = onPath("kubectl");
        if (kubectl.isPresent()) {
            return List.of(kubectl.get().toString(), "kustomize", dir.toString());
        }
        Optional<Path> kustomize = onPath("kustomize");
        if (kustomize.isPresent()) {
            return List.of(kustomize.get().toString(), "build", dir.toString());
        }
        return fail("deploy-check found neither kubectl nor kustomize on the PATH. " + INSTALL);
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private Kustomize() {
    }
}
