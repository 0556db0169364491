package dev.externalfiles.watcher.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import dev.externalfiles.watcher.config.FileApiConfig;
import dev.externalfiles.watcher.fs.Dir;
import dev.externalfiles.watcher.fs.FileStat;
import dev.externalfiles.watcher.fs.OpenFile;
import dev.externalfiles.watcher.fs.Refused;
import dev.externalfiles.watcher.fs.RelativePath;
import dev.externalfiles.watcher.fs.Sha256;
import dev.externalfiles.watcher.fs.Sha256Threads;
import dev.externalfiles.watcher.state.Known;
import dev.externalfiles.watcher.state.KnownFiles;

/**
 * The rules of the file API: which files may be served, and how a file is stored so that a
 * reader never sees half of it and the watcher never exports it back.
 */
@ApplicationScoped
public class FileService {

    private static final Logger LOG = Logger.getLogger(FileService.class);
    /**
     * While a file is stored, every this many bytes are handed to the disk at once
     * ({@link OpenFile#startWriteback}), so the fsync at the end waits for the last few MiB
     * instead of the whole file (1 GiB: about 4.5 s of fsync on this machine's disk otherwise).
     */
    private static final long WRITEBACK_STEP = 8L << 20;
    /** Prefix of the agent's temporary files: hidden, so never watched nor published. */
    static final String TEMP_PREFIX = ".ef-put-";

    private final Folders folders;
    private final ProjectFiles files;
    private final KnownFiles known;

    private final Sha256Threads sha256Threads;
    private final Event<UnknownSlugAsked> unknownSlugs;

    private final int chunk;

    public FileService(Folders folders, ProjectFiles files, KnownFiles known, Sha256Threads sha256Threads, FileApiConfig config,
            Event<UnknownSlugAsked> unknownSlugs) {
        this.folders = folders;
        this.files = files;
        this.known = known;
        this.sha256Threads = sha256Threads;
        this.unknownSlugs = unknownSlugs;
        this.chunk = Math.toIntExact(config.writeChunk().asLongValue());
    }

    /**
     * Opens a file to serve, with its sha256: the one the watcher recorded if the file still has
     * the stat it had when hashed (an export asks for a file right after its event, so this
     * saves reading the whole file once more before sending it), else computed now. The caller
     * sends the file and closes the result once the response has ended.
     */
    public Served open(String slug, String rawPath, Optional<String> ifMatch) {
        IntegrationFolder folder = folder(slug);
        RelativePath path = path(rawPath);
        OpenFile file;
        try {
            file = files.open(folder, path);
        } catch (Refused e) {
            throw switch (e.reason()) {
                case NAME_TOO_LONG -> new ProblemException.InvalidPath(e.getMessage());
                case FAILED -> new UncheckedIOException(e);
                default -> new ProblemException.FileNotFound(path.toString());
            };
        }
        try {
            FileStat before = file.stat();
            String sha256 = known.sha256Of(folder.keyOf(path.toString()), before).orElse(null);
            if (sha256 == null) {
                sha256 = Sha256.of(file.channel());
                if (!before.equals(file.stat())) {
                    throw new ProblemException.FileChanging(path.toString());
                }
            }
            if (ifMatch.isPresent() && !matches(ifMatch.get(), sha256)) {
                throw new ProblemException.Superseded(path.toString(), sha256);
            }
            return new Served(file, sha256, before);
        } catch (IOException | RuntimeException e) {
            closeQuietly(file);
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * Streams the body into a hidden temporary file beside the target, checks it against what
     * was announced, makes it durable, records its hash (so the watcher sees an import, not a
     * change) and renames it into place. On any failure the temporary file is removed.
     */
    public Stored store(String slug, String rawPath, InputStream body, Optional<String> expectedSha256,
            Optional<String> expectedSizeHeader) {
        IntegrationFolder folder = folder(slug);
        RelativePath path = path(rawPath);
        Optional<String> expectedSha = expectedSha256.map(h -> {
            if (!Sha256.isHex(h)) {
                throw new ProblemException.InvalidHeader("X-Expected-SHA256", "must be 64 hexadecimal characters");
            }
            return h.toLowerCase(Locale.ROOT);
        });
        OptionalLong expectedSize = size(expectedSizeHeader);
        try (Dir dir = dir(folder, path)) {
            String temp = TEMP_PREFIX + UUID.randomUUID();
            boolean done = false;
            try (OpenFile out = dir.create(temp)) {
                Copied copied = copy(body, out, expectedSize);
                long size = copied.size();
                out.channel().force(true);
                String sha256 = copied.checksums().sha256();
                if (expectedSize.isPresent() && size != expectedSize.getAsLong()) {
                    throw new ProblemException.ContentMismatch("X-Expected-Size", "Received "
                            + (size > expectedSize.getAsLong() ? "more than " : "") + size + " bytes, expected "
                            + expectedSize.getAsLong());
                }
                if (expectedSha.isPresent() && !expectedSha.get().equals(sha256)) {
                    throw new ProblemException.ContentMismatch("X-Expected-SHA256", "Received bytes with sha256 " + sha256
                            + ", expected " + expectedSha.get());
                }
                String key = folder.keyOf(path.toString());
                try (KnownFiles.Storing marked = known.storing(key)) {
                    // Durable before the rename: even a crash right after it cannot turn this import into an export.
                    await(known.confirm(key, new Known(sha256, out.stat())));
                    try {
                        dir.rename(temp, path.name());
                    } catch (Refused e) {
                        marked.close();
                        known.forget(key);
                        throw new ProblemException.PathConflict("'" + path + "' is a folder");
                    }
                    dir.sync();
                }
                done = true;
                LOG.debugf("stored %s%s (%d bytes, sha256 %s)", folder, path, size, sha256);
                return new Stored(sha256, size, copied.checksums().crc32c());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                if (!done) {
                    dir.unlinkQuietly(temp);
                }
            }
        }
    }

    private Dir dir(IntegrationFolder folder, RelativePath path) {
        try {
            return files.dir(folder, path.parent(), true);
        } catch (Refused e) {
            throw switch (e.reason()) {
                case NAME_TOO_LONG -> new ProblemException.InvalidPath(e.getMessage());
                case FAILED -> new UncheckedIOException(e);
                default -> new ProblemException.PathConflict(
                        "A folder on the way to '" + path + "' is a file or a symbolic link: " + e.getMessage());
            };
        }
    }

    /**
     * Writes in pieces of {@code chunk} bytes (see FileApiConfig), filled from as many pieces of
     * the body as it takes, hashed through a {@link Sha256Threads} feed: on another thread while
     * this one writes, unless the announced size fits in one piece or there is one core.
     */
    private Copied copy(InputStream body, OpenFile file, OptionalLong limit) throws IOException {
        FileChannel out = file.channel();
        // One byte more than announced shows a body that is too long without reading on.
        boolean onePiece = limit.isPresent() && limit.getAsLong() < chunk;
        int length = onePiece ? (int) limit.getAsLong() + 1 : chunk;
        Sha256Threads.Feed feed = sha256Threads.feed(length, onePiece);
        long size = 0;
        long handedToDisk = 0;
        while (true) {
            byte[] buffer = feed.nextBuffer();
            int read = body.readNBytes(buffer, 0, buffer.length);
            if (read <= 0) {
                break;
            }
            feed.hash(read);
            ByteBuffer piece = ByteBuffer.wrap(buffer, 0, read);
            while (piece.hasRemaining()) {
                out.write(piece);
            }
            size += read;
            if (limit.isPresent() && size > limit.getAsLong()) {
                // More than announced is already wrong; stop reading rather than fill the disk.
                break;
            }
            if (size - handedToDisk >= WRITEBACK_STEP) {
                file.startWriteback(handedToDisk, size - handedToDisk);
                handedToDisk = size;
            }
        }
        return new Copied(size, feed.finish());
    }

    private record Copied(long size, Sha256.WithCrc32c checksums) {
    }

    /**
     * The folder of that slug; for an unknown one, a 404 now and the registrar's next heartbeat
     * brought forward (an integration granted since the last one), so that the caller's retry finds
     * it.
     */
    private IntegrationFolder folder(String slug) {
        return folders.bySlug(slug).orElseThrow(() -> {
            unknownSlugs.fire(new UnknownSlugAsked(slug));
            return new ProblemException.UnknownIntegration(slug);
        });
    }

    private static RelativePath path(String rawPath) {
        try {
            return RelativePath.ofEncoded(rawPath);
        } catch (RelativePath.UnsafePath e) {
            throw new ProblemException.InvalidPath(e.getMessage());
        }
    }

    private static OptionalLong size(Optional<String> header) {
        if (header.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long size = Long.parseLong(header.get().trim());
            if (size < 0) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(size);
        } catch (NumberFormatException e) {
            throw new ProblemException.InvalidHeader("X-Expected-Size", "must be a whole number of bytes, 0 or more");
        }
    }

    /** An If-Match value: the bare sha256 or a quoted entity tag holding it, or {@code *}. */
    static boolean matches(String ifMatch, String sha256) {
        for (String tag : ifMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1);
            }
            if (t.equals("*") || t.equalsIgnoreCase(sha256)) {
                return true;
            }
        }
        return false;
    }

    private static void await(java.util.concurrent.CompletableFuture<Void> durable) throws IOException {
        try {
            durable.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not record the stored file's hash", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while recording the stored file's hash", e);
        }
    }

    private static void closeQuietly(OpenFile file) {
        try {
            file.close();
        } catch (IOException e) {
            LOG.debugf("closing a served file: %s", e.getMessage());
        }
    }

    /**
     * An open file to send, its sha256 and stat when it was hashed. It is sent by the kernel
     * (sendfile) from {@link #path()}, so the agent neither copies nor hashes the bytes again (a
     * third of its CPU while serving a 1 GiB export did). A change while it is sent is the
     * transfer-service's to catch, and it does: it checks every byte it receives against the
     * event's CRC32C (its sha256 for events without one) and never lets an upload that differs
     * become visible, and a file cut shorter meanwhile ends the response early.
     */
    public record Served(OpenFile file, String sha256, FileStat stat) implements AutoCloseable {

        /** A path that opens the file this record holds open, whatever its name names now. */
        public java.nio.file.Path path() {
            return file.procPath();
        }

        @Override
        public void close() {
            closeQuietly(file);
        }
    }

    /**
     * What a PUT wrote: the answer of the file API. The CRC32C lets the transfer-service check
     * the bytes it sent without hashing them with SHA-256 itself (docs/architecture.md,
     * departure 18).
     */
    public record Stored(String sha256, long size, String crc32c) {
    }
}
