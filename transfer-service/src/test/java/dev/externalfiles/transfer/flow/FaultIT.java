package dev.externalfiles.transfer.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.externalfiles.testsupport.Buckets;
import dev.externalfiles.testsupport.KafkaProbe;
import dev.externalfiles.testsupport.Platform;
import dev.externalfiles.testsupport.Stack;
import io.restassured.path.json.JsonPath;

/** Faults of the real parts: the store goes away, the service is killed in the middle of an upload. */
class FaultIT {

    private final RunningSystem system = RunningSystem.get();
    private final Platform p = system.platform;

    @Test
    void anExportWaitsOutAnS3OutageAndCompletes() throws Exception {
        stack("down", "s3proxy");
        try {
            Path file = Files.write(system.integrationFolder().resolve("outage/during.csv"), "written while S3 was down\n");
            // Long enough for several failed attempts against the stopped store.
            Thread.sleep(4000);
            stack("up", "s3proxy");
            String sha = Files.sha256(file);
            await().atMost(Duration.ofSeconds(120)).until(() -> sha.equals(
                    Buckets.exists(p.bucket, p.keyOf("outage/during.csv")) ? Buckets.sha256(p.bucket, p.keyOf("outage/during.csv"))
                            : null));
        } finally {
            stack("up", "s3proxy");
        }
    }

    @Test
    void aServiceKilledMidUploadFinishesAfterRestartWithNoPartsLeftBehind() throws Exception {
        Path file;
        try (KafkaProbe statuses = KafkaProbe.from("transfer-status")) {
            file = Files.write(system.integrationFolder().resolve("crash/big.bin"), 400L << 20, 3);
            // Kill as soon as the upload is under way (some bytes sent, not all).
            statuses.await(r -> r.value().contains("crash/big.bin") && running(r.value()), 1, Duration.ofSeconds(120));
            system.transferService.kill();
        }
        system.transferService = system.startTransferService();
        String sha = Files.sha256(file);
        String key = p.keyOf("crash/big.bin");
        await().atMost(Duration.ofSeconds(240)).until(() -> Buckets.exists(p.bucket, key)
                && sha.equals(Buckets.metadata(p.bucket, key).get("sha256")));
        assertEquals(sha, Buckets.sha256(p.bucket, key), "the object is complete");
        assertEquals(List.of(), Buckets.pendingUploads(p.bucket, key), "no multipart upload left behind");
    }

    private static boolean running(String status) {
        JsonPath json = JsonPath.from(status);
        Object bytes = json.get("bytes");
        return "RUNNING".equals(json.getString("state")) && bytes instanceof Number n && n.longValue() > 0;
    }

    private static void stack(String command, String part) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Stack.repoRoot().resolve("dev/stack").toString(), command, part)
                .redirectErrorStream(true).redirectOutput(Path.of("target", "stack-" + command + ".log").toFile()).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("dev/stack " + command + " " + part + " failed; see target/stack-" + command + ".log");
        }
    }
}
