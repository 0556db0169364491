package dev.externalfiles.watcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.externalfiles.contracts.Crc32c;
import dev.externalfiles.watcher.support.Agent;
import dev.externalfiles.watcher.support.FileChanges;
import dev.externalfiles.watcher.support.Hashes;
import dev.externalfiles.watcher.support.IntegrationService;
import dev.externalfiles.watcher.support.Tokens;
import dev.externalfiles.watcher.support.Users;
import dev.externalfiles.watcher.support.World;

/**
 * The file API as the transfer-service uses it, with real tokens: streaming out with the hash,
 * superseded versions, atomic stores that are never exported back, and every way out of the
 * folder refused. Requests go out as raw URIs (java.net.http does not normalize paths).
 */
@ExtendWith(IntegrationService.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileApiIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(3);

    private World.Integration integration;
    private World.Integration other;
    private Agent agent;
    private Path folder;

    @BeforeAll
    void start() {
        World world = World.create("files");
        integration = world.integration("Files " + world.tag);
        other = world.integration("Other " + world.tag);
        // A short body timeout, for the test of a body that stops arriving (the default is 60 s).
        agent = Agent.start(world, "files", Map.of("watcher.file-api.body-timeout", BODY_TIMEOUT.toSeconds() + "s"));
        folder = agent.folder(integration.slug());
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void getStreamsTheFileWithItsSha256AndLength() throws Exception {
        Files.createDirectories(folder.resolve("reports"));
        Files.writeString(folder.resolve("reports/q1 final.csv"), "q,total\n1,10\n");
        HttpResponse<byte[]> response = send("GET", files("reports/q1%20final.csv"), Tokens.transfer(), null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("q,total\n1,10\n");
        assertThat(response.headers().firstValue("X-Content-SHA256")).hasValue(Hashes.of("q,total\n1,10\n"));
        assertThat(response.headers().firstValue("Content-Length")).hasValue("13");
    }

    @Test
    void getWithIfMatchOfAnOlderVersionIs412AndOfTheCurrentOneIs200() throws Exception {
        Files.writeString(folder.resolve("versioned.txt"), "v1");
        String v1 = Hashes.of("v1");
        assertThat(send("GET", files("versioned.txt"), Tokens.transfer(), null, "If-Match", v1).statusCode()).isEqualTo(200);
        Files.writeString(folder.resolve("versioned.txt"), "v2");
        HttpResponse<byte[]> stale = send("GET", files("versioned.txt"), Tokens.transfer(), null, "If-Match", v1);
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(problem(stale)).containsEntry("status", 412);
        assertThat(send("GET", files("versioned.txt"), Tokens.transfer(), null, "If-Match", "\"" + Hashes.of("v2") + "\"")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void putStoresTheFileAtomicallyAndNoExportFollows() throws Exception {
        try (FileChanges changes = FileChanges.of(agent.kernelId)) {
            Files.writeString(folder.resolve("existing.csv"), "old");
            changes.awaitPath("existing.csv");
            String body = "imported,from,the,bucket\n";
            HttpResponse<byte[]> created = send("PUT", files("imports/2024/data.csv"), Tokens.transfer(), body,
                    "X-Expected-SHA256", Hashes.of(body), "X-Expected-Size", "25");
            assertThat(created.statusCode()).isEqualTo(200);
            assertThat(JSON.readValue(created.body(), Map.class)).containsEntry("sha256", Hashes.of(body))
                    .containsEntry("size", 25).containsEntry("crc32c", Crc32c.of(body.getBytes(StandardCharsets.UTF_8), 0, body.length()));
            assertThat(Files.readString(folder.resolve("imports/2024/data.csv"))).isEqualTo(body);
            // A restore over a file the notebook had written: replaced, and not exported back either.
            assertThat(send("PUT", files("existing.csv"), Tokens.transfer(), "restored").statusCode()).isEqualTo(200);
            assertThat(Files.readString(folder.resolve("existing.csv"))).isEqualTo("restored");
            assertThat(changes.settle(folder)).extracting(FileChanges.Event::path).containsExactly("existing.csv");
            assertThat(hiddenLeftovers()).isEmpty();
            // The notebook then edits the imported file: exported, and not as a first version (the bucket has it).
            Files.writeString(folder.resolve("imports/2024/data.csv"), "edited\n", StandardOpenOption.APPEND);
            FileChanges.Event edited = changes.awaitPath("imports/2024/data.csv");
            assertThat(edited.sha256()).isEqualTo(Hashes.of(body + "edited\n"));
            assertThat(edited.firstVersion()).isFalse();
        }
    }

    @Test
    void aStoredFileRewrittenInPlaceToTheSameSizeIsExported() throws Exception {
        // A stored file is not read again while it keeps the size, mtime and inode recorded with its hash (its rename
        // into place is not worth a hash); a rewrite that keeps size and inode still moves the mtime, and is exported.
        try (FileChanges changes = FileChanges.of(agent.kernelId)) {
            String stored = "0123456789\n";
            String rewritten = "9876543210\n";
            assertThat(send("PUT", files("rewrite/same-size.txt"), Tokens.transfer(), stored).statusCode()).isEqualTo(200);
            Path file = folder.resolve("rewrite/same-size.txt");
            Object inode = Files.getAttribute(file, "unix:ino");
            Instant storedAt = Files.getLastModifiedTime(file).toInstant();
            // Past the file system's timestamp tick, so that the rewrite gets an mtime of its own.
            while (Instant.now().isBefore(storedAt.plusMillis(20))) {
                Thread.sleep(5);
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(rewritten.getBytes(StandardCharsets.UTF_8)), 0);
            }
            assertThat(Files.getAttribute(file, "unix:ino")).isEqualTo(inode);
            assertThat(Files.size(file)).isEqualTo(stored.length());
            assertThat(changes.awaitPath("rewrite/same-size.txt").sha256()).isEqualTo(Hashes.of(rewritten));
            changes.settle(folder);
            assertThat(changes.forPath("rewrite/same-size.txt")).extracting(FileChanges.Event::sha256)
                    .containsExactly(Hashes.of(rewritten));
        }
    }

    @Test
    void putWithAWrongSha256Is422AndLeavesNothingBehind() throws Exception {
        HttpResponse<byte[]> response = send("PUT", files("wrong/hash.csv"), Tokens.transfer(), "some bytes",
                "X-Expected-SHA256", Hashes.of("other bytes"));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(problem(response)).containsEntry("field", "X-Expected-SHA256");
        assertThat(folder.resolve("wrong/hash.csv")).doesNotExist();
        assertThat(hiddenLeftovers()).isEmpty();
    }

    @Test
    void putWithAWrongSizeIs422AndLeavesNothingBehind() throws Exception {
        assertThat(send("PUT", files("wrong/size.csv"), Tokens.transfer(), "12345", "X-Expected-Size", "4").statusCode())
                .isEqualTo(422);
        assertThat(send("PUT", files("wrong/size.csv"), Tokens.transfer(), "12345", "X-Expected-Size", "6").statusCode())
                .isEqualTo(422);
        assertThat(send("PUT", files("wrong/size.csv"), Tokens.transfer(), "12345", "X-Expected-SHA256", "not-a-hash")
                .statusCode()).isEqualTo(400);
        assertThat(folder.resolve("wrong/size.csv")).doesNotExist();
        assertThat(hiddenLeftovers()).isEmpty();
    }

    @Test
    void aLargeBodyOfTheWrongSizeOrHashIs422AndLeavesNothingBehind() throws Exception {
        // Bodies larger than the agent's buffers, wrong by more or less than a chunk, or by their content only.
        long size = 12L << 20;
        String sha256 = Hashes.of(patterned(size));
        for (String[] announced : List.of(new String[] { Long.toString(size + 1), sha256 },
                new String[] { Long.toString(size - (5L << 20)), sha256 },
                new String[] { Long.toString(size), Hashes.of("other bytes") })) {
            HttpRequest put = HttpRequest.newBuilder(URI.create(files("wrong/large.bin")))
                    .header("Authorization", "Bearer " + Tokens.transfer())
                    .header("X-Expected-Size", announced[0]).header("X-Expected-SHA256", announced[1])
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> new Patterned(size)), size))
                    .timeout(Duration.ofMinutes(2)).build();
            Integer status;
            try {
                status = HTTP.send(put, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
            } catch (IOException refusedMidway) {
                // Refused before the whole body was sent: the agent may answer and close while the client still
                // writes, and the client then reports the broken write instead of the answer.
                status = null;
            }
            if (status != null) {
                assertThat(status).as("announced size %s", announced[0]).isEqualTo(422);
            }
            assertThat(folder.resolve("wrong/large.bin")).doesNotExist();
            assertThat(hiddenLeftovers()).isEmpty();
        }
        assertThat(agent.process().alive()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "../escape.txt", "a/../../escape.txt", "%2e%2e/escape.txt", "%2E%2E%2Fescape.txt",
            "a/%2e%2e/%2e%2e/escape.txt", "..%2f..%2fescape.txt", "%2Fetc%2Fpasswd", "/etc/passwd", "//etc/passwd",
            "a%5C..%5C..%5Cescape.txt", "..%5Cescape.txt", "a%00b.txt", "a%0Ab.txt", "a/./b.txt", "a//b.txt", "a/" })
    void pathTraversalAndUnsafeNamesAreRefused(String path) throws Exception {
        for (String method : List.of("GET", "PUT")) {
            HttpResponse<byte[]> response = send(method, files(path), Tokens.transfer(), "x");
            assertThat(response.statusCode()).as(method + " " + path).isEqualTo(400);
            assertThat(problem(response)).containsEntry("field", "path");
        }
        assertThat(agent.projectDir.resolve("external-files/s3/escape.txt")).doesNotExist();
        assertThat(agent.projectDir.resolve("escape.txt")).doesNotExist();
    }

    @Test
    void aPathThroughDotSegmentsIntoAnotherIntegrationIsRefused() throws Exception {
        Files.writeString(agent.folder(other.slug()).resolve("theirs.txt"), "theirs");
        String sneaky = "x/../../" + other.slug() + "/theirs.txt";
        assertThat(send("GET", files(sneaky), Tokens.transfer(), null).statusCode()).isEqualTo(400);
    }

    @Test
    void anAbsoluteFormRequestLineIsCheckedToo() throws Exception {
        // "GET http://host/v1/files/..." is legal HTTP/1.1; its path must meet the same guard.
        URI base = URI.create(agent.url());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            String request = "GET " + files("a/../../" + other.slug() + "/x.txt") + " HTTP/1.1\r\nHost: " + base.getHost()
                    + "\r\nAuthorization: Bearer " + Tokens.transfer() + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 400");
        }
    }

    @Test
    void aNameLongerThanTheFilesystemHoldsIsRefused() throws Exception {
        assertThat(send("PUT", files("a".repeat(256) + ".txt"), Tokens.transfer(), "x").statusCode()).isEqualTo(400);
        assertThat(send("GET", files("a".repeat(256)), Tokens.transfer(), null).statusCode()).isEqualTo(400);
    }

    @Test
    void absentFilesFoldersAndUnknownSlugsAre404() throws Exception {
        Files.createDirectories(folder.resolve("a-folder"));
        assertThat(send("GET", files("absent.csv"), Tokens.transfer(), null).statusCode()).isEqualTo(404);
        assertThat(send("GET", files("a-folder"), Tokens.transfer(), null).statusCode()).isEqualTo(404);
        String unknown = agent.url() + "/v1/files/no_such_slug/file.csv";
        assertThat(send("GET", unknown, Tokens.transfer(), null).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> put = send("PUT", unknown, Tokens.transfer(), "x");
        assertThat(put.statusCode()).isEqualTo(404);
        assertThat(problem(put)).containsEntry("field", "slug");
        assertThat(agent.projectDir.resolve("external-files/s3/no_such_slug")).doesNotExist();
    }

    @Test
    void onlyTheTransferServiceMayCallTheFileApi() throws Exception {
        Files.writeString(folder.resolve("guarded.txt"), "guarded");
        HttpResponse<byte[]> anonymous = send("GET", files("guarded.txt"), null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(send("GET", files("guarded.txt"), "not.a.token", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", files("guarded.txt"), Tokens.otherIssuer(), null).statusCode()).isEqualTo(401);
        for (String token : List.of(Tokens.agent(), Tokens.platform(), Tokens.user(Users.EDITOR), Tokens.user(Users.ADMIN))) {
            HttpResponse<byte[]> get = send("GET", files("guarded.txt"), token, null);
            assertThat(get.statusCode()).isEqualTo(403);
            assertThat(get.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(send("PUT", files("guarded.txt"), token, "overwritten").statusCode()).isEqualTo(403);
        }
        assertThat(Files.readString(folder.resolve("guarded.txt"))).isEqualTo("guarded");
        assertThat(send("GET", files("guarded.txt"), Tokens.transfer(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void aTamperedTokenIsRefusedAfterTheGenuineOneWasAcceptedAndRemembered() throws Exception {
        Files.writeString(folder.resolve("remembered.txt"), "remembered");
        String genuine = Tokens.transfer();
        for (int i = 0; i < 2; i++) {
            assertThat(send("GET", files("remembered.txt"), genuine, null).statusCode()).isEqualTo(200);
        }
        for (String forged : List.of(withTamperedSignature(genuine), withLaterExp(genuine))) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<byte[]> get = send("GET", files("remembered.txt"), forged, null);
                assertThat(get.statusCode()).isEqualTo(401);
                assertThat(problem(get)).containsEntry("status", 401);
                assertThat(get.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                assertThat(send("PUT", files("remembered.txt"), forged, "overwritten").statusCode()).isEqualTo(401);
            }
        }
        assertThat(Files.readString(folder.resolve("remembered.txt"))).isEqualTo("remembered");
        assertThat(send("GET", files("remembered.txt"), genuine, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aValidTokenWithoutTheTransferRoleIs403EveryTimeItIsSent() throws Exception {
        Files.writeString(folder.resolve("still-guarded.txt"), "guarded");
        for (String token : List.of(Tokens.platform(), Tokens.agent())) {
            for (int i = 0; i < 4; i++) {
                HttpResponse<byte[]> get = send("GET", files("still-guarded.txt"), token, null);
                assertThat(get.statusCode()).isEqualTo(403);
                assertThat(problem(get)).containsEntry("status", 403);
                HttpResponse<byte[]> put = send("PUT", files("still-guarded.txt"), token, "overwritten");
                assertThat(put.statusCode()).isEqualTo(403);
                assertThat(problem(put)).containsEntry("status", 403);
            }
        }
        assertThat(Files.readString(folder.resolve("still-guarded.txt"))).isEqualTo("guarded");
    }

    @Test
    void aFileFarLargerThanTheAgentsHeapStreamsInAndOut() throws Exception {
        long size = 200L * 1024 * 1024; // the agent runs with -Xmx64m
        String sha256;
        try (InputStream in = new Patterned(size)) {
            sha256 = Hashes.of(in);
        }
        HttpRequest put = HttpRequest.newBuilder(URI.create(files("large/blob.bin")))
                .header("Authorization", "Bearer " + Tokens.transfer())
                .header("X-Expected-SHA256", sha256).header("X-Expected-Size", Long.toString(size))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new Patterned(size)), size))
                .timeout(Duration.ofMinutes(5)).build();
        HttpResponse<byte[]> stored = HTTP.send(put, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(stored.statusCode()).as(new String(stored.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(Files.size(folder.resolve("large/blob.bin"))).isEqualTo(size);
        HttpResponse<InputStream> read = HTTP.send(HttpRequest.newBuilder(URI.create(files("large/blob.bin")))
                .header("Authorization", "Bearer " + Tokens.transfer()).timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("X-Content-SHA256")).hasValue(sha256);
        try (InputStream body = read.body()) {
            assertThat(Hashes.of(body)).isEqualTo(sha256);
        }
        assertThat(agent.process().alive()).isTrue();
    }

    @Test
    void aBodyTrickledInTinyPiecesIsStoredWhole() throws Exception {
        // Thousands of buffers far smaller than a write piece: every read waits for what half the read-ahead holds.
        byte[] body = patterned(600_000);
        try (RawRequest put = rawPut("trickled/data.bin", body.length, Hashes.of(body))) {
            put.sendInPieces(body, 199, Duration.ZERO);
            assertThat(put.statusLine()).contains(" 200 ");
        }
        assertThat(Files.readAllBytes(folder.resolve("trickled/data.bin"))).isEqualTo(body);
        assertThat(hiddenLeftovers()).isEmpty();
    }

    @Test
    void anEmptyBodyStoresAnEmptyFile() throws Exception {
        HttpResponse<byte[]> stored = send("PUT", files("empty/nothing.txt"), Tokens.transfer(), "",
                "X-Expected-SHA256", Hashes.of(""), "X-Expected-Size", "0");
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(JSON.readValue(stored.body(), Map.class)).containsEntry("sha256", Hashes.of("")).containsEntry("size", 0);
        assertThat(folder.resolve("empty/nothing.txt")).isEmptyFile();
    }

    @Test
    void aChunkedBodyIsStoredWhole() throws Exception {
        byte[] body = patterned(3 << 20);
        try (RawRequest put = rawPut("chunked/data.bin", -1, Hashes.of(body))) {
            for (int at = 0; at < body.length; at += 100_000) {
                put.sendChunk(body, at, Math.min(100_000, body.length - at));
            }
            put.sendChunk(body, 0, 0);
            assertThat(put.statusLine()).contains(" 200 ");
        }
        assertThat(Files.readAllBytes(folder.resolve("chunked/data.bin"))).isEqualTo(body);
    }

    @Test
    void aClientThatExpectsContinueIsToldToSendTheBody() throws Exception {
        byte[] body = patterned(2 << 20);
        try (RawRequest put = rawPut("continued/data.bin", body.length, Hashes.of(body), "Expect: 100-continue")) {
            assertThat(put.statusLine()).contains(" 100 ");
            put.skipHead();
            put.send(body, 0, body.length);
            assertThat(put.statusLine()).contains(" 200 ");
        }
        assertThat(Files.readAllBytes(folder.resolve("continued/data.bin"))).isEqualTo(body);
    }

    @Test
    void aSlowBodyThatKeepsArrivingIsNotCutOff() throws Exception {
        // One piece every half timeout: a read waits longer than the timeout for its 256 KiB, but bytes keep coming.
        byte[] body = patterned(5_000);
        try (RawRequest put = rawPut("slow/data.bin", body.length, Hashes.of(body))) {
            put.sendInPieces(body, 1_000, BODY_TIMEOUT.dividedBy(2));
            assertThat(put.statusLine()).contains(" 200 ");
        }
        assertThat(Files.readAllBytes(folder.resolve("slow/data.bin"))).isEqualTo(body);
    }

    @Test
    void aBodyThatStopsArrivingFailsAfterTheTimeoutAndLeavesNothingBehind() throws Exception {
        byte[] body = patterned(1 << 20);
        try (RawRequest put = rawPut("stalled/data.bin", body.length, Hashes.of(body))) {
            put.send(body, 0, 300_000); // then nothing more
            Instant sent = Instant.now();
            assertThat(put.statusLine()).contains(" 408 ");
            assertThat(Duration.between(sent, Instant.now())).isGreaterThanOrEqualTo(BODY_TIMEOUT.minusMillis(500));
            assertThat(put.awaitClosed(Duration.ofSeconds(10))).as("the agent closed the connection after answering").isTrue();
        }
        awaitNoHiddenLeftovers();
        assertThat(folder.resolve("stalled/data.bin")).doesNotExist();
        assertThat(send("PUT", files("stalled/data.bin"), Tokens.transfer(), "after the stall").statusCode()).isEqualTo(200);
        assertThat(agent.process().alive()).isTrue();
    }

    @Test
    void aClientThatHangsUpMidBodyLeavesNothingBehind() throws Exception {
        byte[] body = patterned(4 << 20);
        try (RawRequest put = rawPut("dropped/data.bin", body.length, Hashes.of(body))) {
            put.send(body, 0, 2 << 20);
        } // closed with half the body sent
        awaitNoHiddenLeftovers();
        assertThat(folder.resolve("dropped/data.bin")).doesNotExist();
        assertThat(agent.process().alive()).isTrue();
    }

    @Test
    void aFileReplacedWhileItIsServedStillSendsTheVersionThatWasChecked() throws Exception {
        byte[] first = patterned(8L << 20);
        Files.write(folder.resolve("replaced.bin"), first);
        HttpResponse<InputStream> read = openForReading("replaced.bin");
        assertThat(read.statusCode()).isEqualTo(200);
        // Another file moved over the name while the response is under way: the open inode is what goes out.
        Path other = folder.resolve(".replacement");
        Files.writeString(other, "another file");
        Files.move(other, folder.resolve("replaced.bin"), StandardCopyOption.ATOMIC_MOVE);
        try (InputStream body = read.body()) {
            assertThat(Hashes.of(body)).isEqualTo(Hashes.of(first));
        }
        assertThat(read.headers().firstValue("X-Content-SHA256")).hasValue(Hashes.of(first));
    }

    @Test
    void aFileCutShortWhileItIsServedEndsTheResponseBeforeItsLength() throws Exception {
        long size = 64L << 20;
        Files.write(folder.resolve("cut.bin"), patterned(size));
        HttpResponse<InputStream> read = openForReading("cut.bin");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValueAsLong("Content-Length")).hasValue(size);
        long received = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (InputStream body = read.body()) {
                long n = body.readNBytes(1 << 20).length;
                try (FileChannel channel = FileChannel.open(folder.resolve("cut.bin"), StandardOpenOption.WRITE)) {
                    channel.truncate(1 << 20);
                }
                try {
                    byte[] buffer = new byte[1 << 16];
                    int r;
                    while ((r = body.read(buffer)) >= 0) {
                        n += r;
                    }
                } catch (IOException cut) {
                    // the connection was closed before Content-Length bytes: what a reader must see
                }
                return n;
            }
        });
        // The reader never gets a whole response for a file that was shortened under it.
        assertThat(received).isLessThan(size);
        assertThat(agent.process().alive()).isTrue();
        assertThat(send("GET", files("cut.bin"), Tokens.transfer(), null).body()).hasSize(1 << 20);
    }

    private HttpResponse<InputStream> openForReading(String rawPath) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(files(rawPath)))
                .header("Authorization", "Bearer " + Tokens.transfer()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private static byte[] patterned(long size) throws IOException {
        try (InputStream in = new Patterned(size)) {
            return in.readAllBytes();
        }
    }

    private String files(String rawPath) {
        return agent.url() + "/v1/files/" + integration.slug() + "/" + rawPath;
    }

    /** A PUT written by hand into this integration's folder (see RawRequest). */
    private RawRequest rawPut(String rawPath, long length, String sha256, String... headers) throws IOException {
        return RawRequest.put(agent.url(), "/v1/files/" + integration.slug() + "/" + rawPath, length, sha256, headers);
    }

    private void awaitNoHiddenLeftovers() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!hiddenLeftovers().isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(hiddenLeftovers()).as("temporary files of failed stores").isEmpty();
    }

    private List<Path> hiddenLeftovers() throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(p -> p.getFileName().toString().startsWith(".ef-put-")).toList();
        }
    }

    /** The same header and payload with another signature: one byte of the genuine one flipped. */
    private static String withTamperedSignature(String jwt) {
        int dot = jwt.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(jwt.substring(dot + 1));
        signature[signature.length / 2] ^= 0x01;
        return jwt.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    /** The genuine header and signature over a payload that lives an hour longer. */
    private static String withLaterExp(String jwt) throws IOException {
        String[] parts = jwt.split("\\.");
        Map<String, Object> claims = JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
        claims.put("exp", ((Number) claims.get("exp")).longValue() + 3600);
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(claims));
        return parts[0] + "." + payload + "." + parts[2];
    }

    private static Map<String, Object> problem(HttpResponse<byte[]> response) throws IOException {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return JSON.readValue(response.body(), Map.class);
    }

    private static HttpResponse<byte[]> send(String method, String url, String token, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A stream of {@code size} bytes made on the fly: a random block repeated, each copy stamped with its number. */
    private static final class Patterned extends InputStream {
        private static final byte[] BLOCK = new byte[1 << 20];

        static {
            new java.util.Random(42).nextBytes(BLOCK);
        }

        private final long size;
        private long position;

        Patterned(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int inBlock = (int) (position % BLOCK.length);
            int n = (int) Math.min(Math.min(length, size - position), BLOCK.length - inBlock);
            System.arraycopy(BLOCK, inBlock, buffer, offset, n);
            long block = position / BLOCK.length;
            for (int i = 0; i < n && inBlock + i < 8; i++) {
                buffer[offset + i] = (byte) (block >>> (8 * (inBlock + i)));
            }
            position += n;
            return n;
        }
    }
}
