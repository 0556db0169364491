package dev.externalfiles.watcher.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.externalfiles.watcher.fs.FileStat;

/**
 * The last content hash the agent knows for each file, kept in the state directory so that an
 * agent restart publishes exactly the files that changed while it was down.
 * <p>
 * Two levels: {@link #propose} records a hash in memory only (an event is on its way to the
 * broker, so a second close with the same content publishes nothing), {@link #confirm} also
 * makes it durable (the broker acknowledged, or a file was stored by the file API). Durable
 * means a line in an append-only journal, fsynced in batches by one writer thread; the journal is
 * folded into a snapshot written to a temporary file, fsynced and renamed over the old one. Every
 * line carries a CRC, so a line torn by a crash is recognised and ignored. The snapshot names the
 * kernel it belongs to: a store left by another kernel is not trusted.
 */
public final class KnownFiles implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KnownFiles.class);
    private static final String SNAPSHOT = "known-files.snapshot";
    private static final String JOURNAL = "known-files.journal.";
    private static final String FORMAT = "watcher-agent/known-files";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String kernelId;
    private final int compactAfter;
    private final FileChannel lockChannel;
    private final Map<String, Known> latest = new ConcurrentHashMap<>();
    private final Map<String, Known> confirmed = new ConcurrentHashMap<>();
    /** Files being stored by the file API: known already, not visible yet (see {@link #storing}). */
    private final Set<String> storing = ConcurrentHashMap.newKeySet();
    private final Set<Scan> scans = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private long generation;
    private FileChannel journal;
    private int journalLines;
    private volatile boolean closed;

    private KnownFiles(Path dir, String kernelId, int compactAfter, FileChannel lockChannel) {
        this.dir = dir;
        this.kernelId = kernelId;
        this.compactAfter = compactAfter;
        this.lockChannel = lockChannel;
        this.writer = new Thread(this::writeLoop, "known-files-writer");
        this.writer.setDaemon(true);
    }

    /** Opens (or creates) the store of the kernel in the directory; one agent per directory at a time. */
    public static KnownFiles open(Path dir, String kernelId, int compactAfter) throws IOException {
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve("known-files.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("Another agent uses the state directory " + dir);
        }
        KnownFiles store = new KnownFiles(dir, kernelId, compactAfter, lockChannel);
        store.load();
        store.compact();
        store.writer.start();
        return store;
    }

    /** The hash the agent knows for the file, if any (proposed or confirmed). */
    public Optional<Known> get(String key) {
        return Optional.ofNullable(latest.get(key));
    }

    /**
     * The hash the agent knows for exactly this version of the file: the one recorded with the
     * same size, mtime (ns) and inode (as git and rsync decide; see FileStat), if any.
     */
    public Optional<String> sha256Of(String key, FileStat stat) {
        Known k = latest.get(key);
        return k != null && k.stat().equals(stat) ? Optional.of(k.sha256()) : Optional.empty();
    }

    /** Every file the store knows. */
    public Set<String> keys() {
        return Set.copyOf(latest.keySet());
    }

    /** The files known under a key prefix (a folder), as they are now; a copy. */
    public Set<String> keysUnder(String prefix) {
        Set<String> found = new HashSet<>();
        latest.keySet().forEach(key -> {
            if (key.startsWith(prefix)) {
                found.add(key);
            }
        });
        return found;
    }

    /**
     * Starts a scan of the folder {@code prefix}: it answers the files known there now, and
     * remembers every file given a hash or stored while it runs, so that {@link #forgetUnlessTouched}
     * keeps those. Close it when the scan ends.
     */
    public synchronized Scan scanning(String prefix) {
        Scan scan = new Scan(keysUnder(prefix));
        scans.add(scan);
        return scan;
    }

    /** A folder scan in progress. */
    public final class Scan implements AutoCloseable {
        private final Set<String> knownAtStart;
        private final Set<String> touched = ConcurrentHashMap.newKeySet();

        private Scan(Set<String> knownAtStart) {
            this.knownAtStart = knownAtStart;
        }

        /** The files known under the folder when the scan began; a copy the caller may change. */
        public Set<String> knownAtStart() {
            return knownAtStart;
        }

        @Override
        public void close() {
            scans.remove(this);
        }
    }

    /** Every scan running now hears that this file got a hash or was stored. */
    private void touched(String key) {
        for (Scan scan : scans) {
            scan.touched.add(key);
        }
    }

    /** Remembers in memory a hash that is being published; {@link #confirm} or {@link #abandon} follows. */
    public synchronized void propose(String key, Known known) {
        latest.put(key, known);
        touched(key);
    }

    /** Remembers a hash durably; the future completes once it is on disk. */
    public synchronized CompletableFuture<Void> confirm(String key, Known known) {
        latest.put(key, known);
        confirmed.put(key, known);
        touched(key);
        return enqueue(new Line(key, known.sha256(), known.stat().size(), known.stat().mtimeNanos(),
                known.stat().inode(), null));
    }

    /**
     * Records durably a hash whose event the broker acknowledged. A newer proposal for the same
     * file (a later version already on its way) stays the latest.
     */
    public synchronized CompletableFuture<Void> acknowledge(String key, Known known) {
        Known proposed = latest.get(key);
        if (proposed != null && !proposed.sha256().equals(known.sha256()) && proposed.equals(confirmed.get(key))) {
            // A newer hash is already durable (a file was stored meanwhile): this acknowledgement is history.
            return CompletableFuture.completedFuture(null);
        }
        if (proposed == null || proposed.sha256().equals(known.sha256())) {
            latest.put(key, known);
        }
        confirmed.put(key, known);
        touched(key);
        return enqueue(new Line(key, known.sha256(), known.stat().size(), known.stat().mtimeNanos(),
                known.stat().inode(), null));
    }

    /**
     * Notes that a file still has the hash the agent knows but a new stat (touched, copied with
     * the same bytes), so a restart need not hash it again. Only a durable hash is refreshed
     * durably: an unacknowledged one must stay revocable.
     */
    public synchronized void refresh(String key, Known known) {
        Known current = latest.get(key);
        if (current == null || !current.sha256().equals(known.sha256()) || current.stat().equals(known.stat())) {
            return;
        }
        Known durable = confirmed.get(key);
        if (durable != null && durable.sha256().equals(known.sha256())) {
            confirm(key, known);
        } else {
            latest.put(key, known);
            touched(key);
        }
    }

    /** Forgets a proposed hash whose event the broker did not take, going back to the confirmed one. */
    public synchronized void abandon(String key, String sha256) {
        Known proposed = latest.get(key);
        if (proposed != null && proposed.sha256().equals(sha256)) {
            Known durable = confirmed.get(key);
            if (durable == null) {
                latest.remove(key);
            } else {
                latest.put(key, durable);
            }
        }
    }

    /**
     * Marks a file as being stored until the returned handle is closed. Its hash is recorded
     * before the file appears under its name (rename into place), so in between a scan or a check
     * would find it absent; it must not be forgotten then, or its arrival would be exported.
     */
    public Storing storing(String key) {
        storing.add(key);
        return () -> {
            // The file is in place (or its store failed) only now; a scan that listed its folder before cannot have seen it.
            touched(key);
            storing.remove(key);
        };
    }

    /** The mark of a file being stored; closing it ends the mark. */
    public interface Storing extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Forgets a file that {@code scan} did not find, unless it got a hash or was stored while the
     * scan ran: a restore's file renamed into place after the scan had listed its folder (the
     * start-up scan and the restores of a registration run at once) keeps its hash, else the file
     * it just stored would be exported back. Whether the hash is the same as before does not
     * matter: a restore brings back the same bytes, and its hash may have been recorded before the
     * scan began while the rename came after the listing.
     */
    public synchronized CompletableFuture<Void> forgetUnlessTouched(String key, Scan scan) {
        if (scan.touched.contains(key)) {
            return CompletableFuture.completedFuture(null);
        }
        return forget(key);
    }

    /** Forgets a file that is gone (unless it is being stored right now). */
    public synchronized CompletableFuture<Void> forget(String key) {
        if (storing.contains(key)) {
            return CompletableFuture.completedFuture(null);
        }
        latest.remove(key);
        if (confirmed.remove(key) == null) {
            return CompletableFuture.completedFuture(null);
        }
        return enqueue(new Line(key, null, null, null, null, Boolean.TRUE));
    }

    /** Writes what is queued, folds the journal into the snapshot and releases the directory. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(Op.STOP);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
            if (journal != null) {
                journal.close();
            }
            lockChannel.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warnf("closing the known-hash store: %s", e.getMessage());
        }
    }

    private CompletableFuture<Void> enqueue(Line line) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the known-hash store is closed"));
        }
        Op op = new Op(encode(line), new CompletableFuture<>());
        queue.add(op);
        return op.done();
    }

    private void writeLoop() {
        while (true) {
            List<Op> batch = new ArrayList<>();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, 4096);
            boolean stop = batch.remove(Op.STOP);
            try {
                if (!batch.isEmpty()) {
                    StringBuilder text = new StringBuilder();
                    batch.forEach(op -> text.append(op.line()));
                    ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        journal.write(bytes);
                    }
                    journal.force(false);
                    journalLines += batch.size();
                }
                batch.forEach(op -> op.done().complete(null));
                if (stop || journalLines >= compactAfter) {
                    compact();
                }
            } catch (IOException | RuntimeException e) {
                LOG.errorf("could not write the known-hash store in %s: %s", dir, e.getMessage());
                batch.forEach(op -> op.done().completeExceptionally(e));
            }
            if (stop) {
                return;
            }
        }
    }

    private void load() throws IOException {
        Path snapshot = dir.resolve(SNAPSHOT);
        long firstJournal = 1;
        if (Files.exists(snapshot)) {
            List<String> lines = Files.readAllLines(snapshot, StandardCharsets.UTF_8);
            Header header = lines.isEmpty() ? null : decode(lines.get(0), Header.class);
            if (header == null || !FORMAT.equals(header.format())) {
                LOG.warnf("the known-hash snapshot in %s is unreadable; starting with no known file", dir);
            } else if (!kernelId.equals(header.kernelId())) {
                LOG.infof("the state in %s belongs to kernel %s, not %s; starting with no known file", dir,
                        header.kernelId(), kernelId);
            } else {
                for (String text : lines.subList(1, lines.size())) {
                    Line line = decode(text, Line.class);
                    if (line == null) {
                        LOG.warnf("the known-hash snapshot in %s has a damaged line; starting with no known file", dir);
                        latest.clear();
                        break;
                    }
                    apply(line);
                }
                firstJournal = header.journal();
                int replayed = 0;
                for (Path file : journals()) {
                    if (generationOf(file) >= firstJournal) {
                        replayed += replay(file);
                    }
                }
                LOG.infof("known-hash store of kernel %s: %d files (%d journal lines replayed)", kernelId, latest.size(),
                        replayed);
            }
        }
        confirmed.putAll(latest);
        generation = Math.max(firstJournal, journals().stream().mapToLong(KnownFiles::generationOf).max().orElse(0));
    }

    private int replay(Path file) throws IOException {
        int applied = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            // readLine would hand over a torn last line without its newline; read whole lines only.
            StringBuilder current = new StringBuilder();
            int ch;
            while ((ch = reader.read()) >= 0) {
                if (ch != '\n') {
                    current.append((char) ch);
                    continue;
                }
                Line line = decode(current.toString(), Line.class);
                current.setLength(0);
                if (line == null) {
                    LOG.warnf("journal %s has a damaged line; ignoring the rest of it", file.getFileName());
                    break;
                }
                apply(line);
                applied++;
            }
        }
        return applied;
    }

    private void apply(Line line) {
        if (Boolean.TRUE.equals(line.d())) {
            latest.remove(line.k());
        } else {
            latest.put(line.k(), new Known(line.h(), new FileStat(line.s(), line.m(), line.i())));
        }
    }

    /** Writes every confirmed entry as the new snapshot and starts the next journal. */
    private void compact() throws IOException {
        long next = generation + 1;
        Path tmp = dir.resolve(SNAPSHOT + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            StringBuilder text = new StringBuilder(encode(new Header(FORMAT, 1, kernelId, next)));
            for (Map.Entry<String, Known> e : confirmed.entrySet()) {
                Known k = e.getValue();
                text.append(encode(new Line(e.getKey(), k.sha256(), k.stat().size(), k.stat().mtimeNanos(),
                        k.stat().inode(), null)));
                if (text.length() > 1 << 20) {
                    write(out, text);
                }
            }
            write(out, text);
            out.force(true);
        }
        Files.move(tmp, dir.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        }
        if (journal != null) {
            journal.close();
        }
        for (Path old : journals()) {
            Files.deleteIfExists(old);
        }
        generation = next;
        journal = FileChannel.open(dir.resolve(JOURNAL + next), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        journalLines = 0;
    }

    private static void write(FileChannel out, StringBuilder text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
        text.setLength(0);
    }

    private List<Path> journals() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(JOURNAL))
                    .sorted((a, b) -> Long.compare(generationOf(a), generationOf(b))).toList();
        }
    }

    private static long generationOf(Path journal) {
        try {
            return Long.parseLong(journal.getFileName().toString().substring(JOURNAL.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One line: CRC-32 of the JSON in hex, a space, the JSON, a newline. */
    static String encode(Object value) {
        try {
            String json = JSON.writeValueAsString(value);
            CRC32 crc = new CRC32();
            crc.update(json.getBytes(StandardCharsets.UTF_8));
            return String.format("%08x %s%n", crc.getValue(), json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of a line, or null if the line is damaged. */
    static <T> T decode(String text, Class<T> type) {
        if (text.length() < 10 || text.charAt(8) != ' ') {
            return null;
        }
        String json = text.substring(9);
        CRC32 crc = new CRC32();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        try {
            if (Long.parseLong(text.substring(0, 8), 16) != crc.getValue()) {
                return null;
            }
            return JSON.readValue(json, type);
        } catch (NumberFormatException | JsonProcessingException e) {
            return null;
        }
    }

    /** First line of a snapshot: whose it is and which journal continues it. */
    record Header(String format, int version, String kernelId, long journal) {
    }

    /** A known file ({@code d} absent) or a forgotten one ({@code d} true); short names keep the files small. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Line(String k, String h, Long s, Long m, Long i, Boolean d) {
    }

    private record Op(String line, CompletableFuture<Void> done) {
        static final Op STOP = new Op(null, new CompletableFuture<>());
    }
}
