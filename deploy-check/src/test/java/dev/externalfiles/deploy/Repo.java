package dev.externalfiles.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the repository's files are: the deploy/ tree, the services' configuration, the local stack. */
final class Repo {

    static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final Path BASE = DEPLOY.resolve("base");
    static final Path OVERLAYS = DEPLOY.resolve("overlays");

    /** Every overlay under deploy/overlays, by folder name (at least dev and production). */
    static List<String> overlays() {
        try (Stream<Path> dirs = Files.list(OVERLAYS)) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml")))
                    .map(dir -> dir.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path overlay(String name) {
        return OVERLAYS.resolve(name);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path applicationProperties(String service) {
        return ROOT.resolve(service).resolve("src/main/resources/application.properties");
    }

    private Repo() {
    }
}
