package dev.externalfiles.e2e;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's side of the story: a separate OS process that writes a CSV into the kernel's
 * folder the way a notebook does ({@code df.to_csv(...)}): open (truncating), a header, rows in
 * chunks with pauses between them, close. Run as {@code java -cp <test classes> Notebook <file>
 * <bytes> <chunks> <pauseMillis> <seed>}; {@link #write} starts it and waits for it.
 */
public final class Notebook {

    private static final String[] REGIONS = { "emea", "amer", "apac" };

    private Notebook() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 5) {
            System.err.println("usage: Notebook <file> <bytes> <chunks> <pauseMillis> <seed>");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        long bytes = Long.parseLong(args[1]);
        int chunks = Integer.parseInt(args[2]);
        long pause = Long.parseLong(args[3]);
        Random random = new Random(Long.parseLong(args[4]));
        Files.createDirectories(file.getParent());
        long perChunk = Math.max(1, bytes / chunks);
        long written = 0;
        long row = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            written += write(out, "id,region,amount,note\n");
            for (int chunk = 1; chunk <= chunks; chunk++) {
                long target = chunk == chunks ? bytes : Math.min(bytes, perChunk * chunk);
                while (written < target) {
                    written += write(out, row++ + "," + REGIONS[random.nextInt(REGIONS.length)] + ","
                            + random.nextInt(1_000_000) / 100.0 + ",note-" + Long.toHexString(random.nextLong()) + "\n");
                }
                out.flush();
                if (pause > 0 && chunk < chunks) {
                    Thread.sleep(pause);
                }
            }
        }
        System.out.println("wrote " + written + " bytes to " + file);
    }

    private static int write(OutputStream out, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.US_ASCII);
        out.write(data);
        return data.length;
    }

    /**
     * Runs the notebook process and waits until it has closed the file. The CSV is a little over
     * {@code bytes} long (whole rows); {@code seed} decides its content.
     */
    public static Path write(Path file, long bytes, int chunks, Duration pause, long seed) {
        Path classes;
        try {
            classes = Path.of(Notebook.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", classes.toString(), Notebook.class.getName(), file.toString(), Long.toString(bytes),
                Integer.toString(chunks), Long.toString(pause.toMillis()), Long.toString(seed)));
        Path log = Path.of("target", "notebook.log").toAbsolutePath();
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the notebook did not finish writing " + file + " within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("the notebook exited with " + process.exitValue() + "; see " + log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not start the notebook process", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return file;
    }
}
