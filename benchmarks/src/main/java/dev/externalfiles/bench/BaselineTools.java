package dev.externalfiles.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.externalfiles.testsupport.Stack;

/**
 * The tools a user could script instead of External Files, pointed at the same S3 server with
 * their default transfer settings: rclone (configured through environment variables, so no config
 * file is read or written) and the AWS CLI. dev/bench installs both from Debian.
 */
final class BaselineTools {

    static final String RCLONE = "/usr/bin/rclone";
    static final String AWS = "/usr/bin/aws";
    private static final String REMOTE = "bench";

    private final Path logDir;

    BaselineTools(Path logDir) {
        this.logDir = logDir;
    }

    /** One line naming each tool's version, for the report. */
    static List<String> versions() {
        return List.of(firstLine(RCLONE, "version"), firstLine(AWS, "--version"));
    }

    /** The baselines, by the name the report gives them. */
    enum Tool {
        RCLONE("rclone copy"),
        AWS("aws s3 cp");

        final String label;

        Tool(String label) {
            this.label = label;
        }
    }

    Measurement upload(Tool tool, Path file, String bucket, String key) {
        return tool == Tool.RCLONE ? rcloneUpload(file, bucket, key) : awsUpload(file, bucket, key);
    }

    Measurement download(Tool tool, String bucket, String key, Path target) {
        return tool == Tool.RCLONE ? rcloneDownload(bucket, key, target) : awsDownload(bucket, key, target);
    }

    /** Copies every file under {@code dir} to keys under {@code prefix} (which ends with '/'). */
    Measurement uploadTree(Tool tool, Path dir, String bucket, String prefix) {
        return tool == Tool.RCLONE
                ? run("rclone-upload", List.of(RCLONE, "copy", dir.toString(), REMOTE + ":" + bucket + "/" + prefix))
                : run("aws-upload", List.of(AWS, "--endpoint-url", Stack.s3Endpoint(), "s3", "cp", "--recursive",
                        "--only-show-errors", dir.toString(), "s3://" + bucket + "/" + prefix));
    }

    /** Copies every object under {@code prefix} (which ends with '/') to files under {@code dir}. */
    Measurement downloadTree(Tool tool, String bucket, String prefix, Path dir) {
        return tool == Tool.RCLONE
                ? run("rclone-download", List.of(RCLONE, "copy", REMOTE + ":" + bucket + "/" + prefix, dir.toString()))
                : run("aws-download", List.of(AWS, "--endpoint-url", Stack.s3Endpoint(), "s3", "cp", "--recursive",
                        "--only-show-errors", "s3://" + bucket + "/" + prefix, dir.toString()));
    }

    Measurement rcloneUpload(Path file, String bucket, String key) {
        return run("rclone-upload", List.of(RCLONE, "copyto", file.toString(), REMOTE + ":" + bucket + "/" + key));
    }

    Measurement rcloneDownload(String bucket, String key, Path target) {
        return run("rclone-download", List.of(RCLONE, "copyto", REMOTE + ":" + bucket + "/" + key, target.toString()));
    }

    Measurement awsUpload(Path file, String bucket, String key) {
        return run("aws-upload", List.of(AWS, "--endpoint-url", Stack.s3Endpoint(), "s3", "cp", "--only-show-errors",
                file.toString(), "s3://" + bucket + "/" + key));
    }

    Measurement awsDownload(String bucket, String key, Path target) {
        return run("aws-download", List.of(AWS, "--endpoint-url", Stack.s3Endpoint(), "s3", "cp", "--only-show-errors",
                "s3://" + bucket + "/" + key, target.toString()));
    }

    /**
     * What the agent's file API does to a stored body, done by native tools: the file copied to
     * {@code target} and hashed with SHA-256 at once ({@code tee} into {@code openssl dgst}, which
     * uses the CPU's SHA instructions; coreutils' sha256sum does not and took 4-7 s per GiB here),
     * then made durable ({@code sync} of the file).
     */
    Measurement writeAndHash(Path source, Path target) {
        return run("write-and-hash", List.of("sh", "-c", "tee \"$1\" < \"$0\" | openssl dgst -sha256 >/dev/null && sync \"$1\"",
                source.toString(), target.toString()));
    }

    /** Runs a tool to completion, timing it and sampling its resident set; fails if it fails. */
    private Measurement run(String name, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(name + ".log").toFile()));
        Map<String, String> env = builder.environment();
        String prefix = "RCLONE_CONFIG_" + REMOTE.toUpperCase() + "_";
        env.put(prefix + "TYPE", "s3");
        env.put(prefix + "PROVIDER", "Other");
        env.put(prefix + "ENDPOINT", Stack.s3Endpoint());
        env.put(prefix + "ACCESS_KEY_ID", Stack.s3AccessKey());
        env.put(prefix + "SECRET_ACCESS_KEY", Stack.s3SecretKey());
        env.put(prefix + "REGION", Stack.get("EF_S3_REGION"));
        env.put("AWS_ACCESS_KEY_ID", Stack.s3AccessKey());
        env.put("AWS_SECRET_ACCESS_KEY", Stack.s3SecretKey());
        env.put("AWS_DEFAULT_REGION", Stack.get("EF_S3_REGION"));
        // This machine's environment points the AWS SDKs at a CA bundle; loopback needs none, and
        // rclone refuses a bundle with its own HTTP transport.
        env.remove("AWS_CA_BUNDLE");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        try {
            long start = System.nanoTime();
            Process process = builder.start();
            int exit;
            try (MemorySampler memory = MemorySampler.of(process.pid())) {
                exit = process.waitFor();
                long nanos = System.nanoTime() - start;
                if (exit != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " exited with " + exit + "; see "
                            + logDir.resolve(name + ".log"));
                }
                return new Measurement(nanos, memory.peakRssBytes(), -1);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command.get(0) + " (dev/bench installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String... command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return out.lines().findFirst().orElse(command[0] + ": no version printed");
        } catch (IOException e) {
            return command[0] + ": not installed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return command[0] + ": interrupted";
        }
    }

    /** Stops the benchmark with its usage when a baseline tool is missing. */
    static void requireInstalled() {
        if (!Files.isExecutable(Path.of(RCLONE)) || !Files.isExecutable(Path.of(AWS))) {
            BenchMain.usage(RCLONE + " and " + AWS + " are needed (dev/bench installs them)");
        }
    }
}
