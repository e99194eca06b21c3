package io.xugumcp.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xugumcp.api.Audit;
import io.xugumcp.api.Caller;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: one JSON line per event in a hash-chained file ({@link AuditChain}), written by one background
 * thread so callers never wait for the disk, yet durably:
 * <ul>
 *   <li>records reach the operating system as soon as the writer has them (a batch per wake-up), so a killed
 *       process loses only what was still queued; the file is fsynced at least every {@code flush-interval}, which
 *       bounds the loss when the machine itself fails;</li>
 *   <li>{@link #close()} drains the queue, writes a {@code chain.end} record and fsyncs: nothing is lost on a clean
 *       shutdown, and records that arrive even later are appended synchronously;</li>
 *   <li>callers block instead of dropping records when the queue is full;</li>
 *   <li>the file rotates when it would grow past {@code max-file-size} and when the day changes; the chain
 *       continues across files;</li>
 *   <li>each start appends a {@code chain.start} record sealing the previous segment, after cutting off a record
 *       that a killed process left half-written.</li>
 * </ul>
 * SQL texts are redacted before they are queued; fields named like secrets are replaced ({@link AuditRecords}).
 */
public final class AuditTrail implements Audit, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private static final Caller SERVER = new Caller("server", "system", "internal");
    private static final int QUEUE = 100_000;

    private final AuditSettings settings;
    private final ObjectMapper mapper;
    private final UnaryOperator<String> sqlText;
    private final Clock clock;
    private final AuditFiles files;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>(QUEUE);
    private final AtomicLong written = new AtomicLong();
    private final Object lock = new Object();
    private final Thread writer;
    private final String segment = UUID.randomUUID().toString().substring(0, 8);
    private volatile String failure;
    private volatile boolean closed;

    // File state: guarded by lock.
    private FileChannel channel;
    private Object fileKey;
    private boolean synced;
    private FileChannel lockChannel;
    private FileLock liveLock;
    private final List<Object> retry = new ArrayList<>();
    private volatile boolean abandoned;
    private long size;
    private LocalDate fileDay;
    private long seq;
    private String last = AuditChain.GENESIS;
    private long segmentRecords;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(64 * 1024);
    private boolean dirty;

    private record Record(String fields) {
    }

    private record Barrier(CountDownLatch done) {
    }

    private static final Object STOP = new Object();

    private AuditTrail(AuditSettings settings, ObjectMapper mapper, UnaryOperator<String> sqlText, Clock clock) {
        this.settings = settings;
        this.mapper = mapper;
        this.sqlText = sqlText;
        this.clock = clock;
        this.files = new AuditFiles(settings.path());
        this.writer = new Thread(this::run, "audit-writer");
        writer.setDaemon(true);
    }

    /**
     * Opens the trail at {@code settings.path()}, recovering from a crash of the previous run, and starts a segment.
     *
     * @param sqlText turns a statement text into what may be kept (redacted and cut to length)
     */
    public static AuditTrail open(AuditSettings settings, ObjectMapper mapper, UnaryOperator<String> sqlText,
                                  String hostVersion) throws IOException {
        return open(settings, mapper, sqlText, hostVersion, Clock.systemDefaultZone());
    }

    static AuditTrail open(AuditSettings settings, ObjectMapper mapper, UnaryOperator<String> sqlText,
                           String hostVersion, Clock clock) throws IOException {
        AuditTrail t = new AuditTrail(settings, mapper, sqlText, clock);
        t.start(hostVersion);
        return t;
    }

    public Path path() {
        return files.active();
    }

    /** Records written since start (this segment). */
    public long recordsWritten() {
        return written.get();
    }

    /** True while every record could be written. */
    /** Records handed in and not yet written. */
    public int queueDepth() {
        return queue.size();
    }

    public boolean healthy() {
        return failure == null;
    }

    /** Why the trail cannot be written, or {@code null}. */
    public String failure() {
        return failure;
    }

    public boolean failClosed() {
        return settings.failClosed();
    }

    public boolean redactsLiterals() {
        return settings.redactLiterals();
    }

    @Override
    public void record(Caller caller, String action, Map<String, Object> details) {
        String fields = fields(caller, action, details);
        if (closed) {
            synchronized (lock) {
                appendLate(fields);
            }
            return;
        }
        try {
            queue.put(new Record(fields));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (lock) {
                appendLate(fields);
            }
            return;
        }
        if (closed) {
            // close() ran between the check above and the put: write what it could not see.
            synchronized (lock) {
                List<Object> rest = new ArrayList<>();
                queue.drainTo(rest);
                for (Object o : rest) {
                    if (o instanceof Record r) {
                        appendLate(r.fields());
                    }
                }
            }
        }
    }

    private String fields(Caller caller, String action, Map<String, Object> details) {
        Map<String, Object> line = AuditRecords.prepare(clock, caller, action, details, sqlText);
        String json;
        try {
            json = mapper.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            Map<String, Object> fallback = new LinkedHashMap<>();
            fallback.put("time", line.get("time"));
            fallback.put("action", action);
            fallback.put("client", line.get("client"));
            fallback.put("role", line.get("role"));
            fallback.put("transport", line.get("transport"));
            fallback.put("detailsUnserializable", e.getOriginalMessage());
            try {
                json = mapper.writeValueAsString(fallback);
            } catch (JsonProcessingException again) {
                throw new IllegalStateException(again);
            }
        }
        return json.substring(1, json.length() - 1);
    }

    /** Waits until every record handed in so far is in the file (not necessarily fsynced). */
    public void flush() {
        if (closed) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        try {
            queue.put(new Barrier(done));
            if (!done.await(30, TimeUnit.SECONDS)) {
                LOG.warn("audit trail: flush did not complete within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The files of the trail, newest first. */
    public List<Path> filesNewestFirst() throws IOException {
        return files.newestFirst();
    }

    // ---------------------------------------------------------------------------------------------- start and recovery

    /**
     * Opens the lock file next to the trail. Byte 0 is the append mutex (held exclusively while a process appends);
     * byte 1 says who is alive (every running writer holds it shared), so a start can tell "the last writer crashed"
     * from "another server is writing this trail right now" – two stdio servers of two client apps often share one
     * data directory, and their records interleave on one chain.
     */
    private void openLocks() throws IOException {
        if (lockChannel == null || !lockChannel.isOpen()) {
            Path lockFile = files.active().resolveSibling(files.active().getFileName() + ".lock");
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        }
    }

    private void start(String hostVersion) throws IOException {
        Path active = files.active();
        Files.createDirectories(active.toAbsolutePath().getParent());
        openLocks();
        boolean alone;
        try {
            FileLock probe = lockChannel.tryLock(1, 1, false);
            alone = probe != null;
            if (probe != null) {
                probe.release();
            }
        } catch (OverlappingFileLockException sameJvm) {
            alone = false;
        }
        liveLock = lockChannel.lock(1, 1, true);
        String previous;
        long truncated;
        synchronized (lock) {
            try (FileLock append = lockChannel.lock(0, 1, false)) {
                truncated = truncateTornTail(active);
                openChannel();
                Tail tail = syncTail();
                previous = tail == null ? "new" : tail.last() == null ? "unreadable"
                        : "chain.end".equals(tail.last().action()) ? "clean" : alone ? "crash" : "running";
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("segment", segment);
                d.put("host", hostVersion);
                d.put("previous", previous);
                if (truncated > 0) {
                    d.put("truncatedBytes", truncated);
                }
                String cut = cutOffBelowSeal(active);
                if (cut != null) {
                    // Said in the chain itself: once new records pass the old seal, nothing else would show it.
                    d.put("cutOff", cut);
                    LOG.error("Audit trail {}: {}", active, cut);
                }
                d.put("pid", ProcessHandle.current().pid());
                d.put("redactLiterals", settings.redactLiterals());
                // Tells the verifier that this trail keeps a seal, so a missing one is a finding, not an old trail.
                d.put("seal", AuditSeal.of(active).getFileName().toString());
                append(fields(SERVER, "chain.start", d));
                writePending();
                channel.force(false);
                AuditSeal.replace(AuditSeal.of(active), seq, last);
            }
        }
        if (truncated > 0) {
            LOG.warn("Audit trail {}: cut off {} bytes of a record the previous run left half-written", active, truncated);
        }
        LOG.info("Audit trail: {} (segment {}, previous run: {})", active, segment, previous);
        writer.start();
    }

    private record Tail(AuditChain.Parsed last) {
    }

    /** Why the trail as found at start cannot be what was sealed (records were cut off its end), or null. */
    private String cutOffBelowSeal(Path active) {
        AuditSeal.Sealed sealed;
        try {
            sealed = AuditSeal.read(AuditSeal.of(active));
        } catch (IOException e) {
            return "the seal " + AuditSeal.of(active).getFileName() + " was unreadable at start (" + e.getMessage() + ")";
        }
        if (sealed == null) {
            return null;
        }
        if (sealed.seq() > seq) {
            return "the trail ended at seq " + seq + " though its seal named seq " + sealed.seq()
                    + ": the newest records were cut off before this start";
        }
        if (sealed.seq() == seq && !sealed.hash().equals(last)) {
            return "the trail's record seq " + seq + " is not the sealed one: records were replaced before this start";
        }
        return null;
    }

    /**
     * A last line without its newline is a record a killed process was writing (appends happen under the append
     * mutex, so no live process can be in the middle of one): it is cut off, or completed with its newline when it
     * turns out whole. Returns the bytes cut off.
     */
    private static long truncateTornTail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long len = raf.length();
            if (len == 0) {
                return 0;
            }
            raf.seek(len - 1);
            if (raf.read() == '\n') {
                return 0;
            }
            long lastNl = lastNewline(raf, len);
            byte[] partial = new byte[(int) (len - lastNl - 1)];
            raf.seek(lastNl + 1);
            raf.readFully(partial);
            if (AuditChain.parse(new String(partial, StandardCharsets.UTF_8)).intact()) {
                raf.seek(len);
                raf.write('\n');
                return 0;
            }
            raf.setLength(lastNl + 1);
            return len - lastNl - 1;
        }
    }

    /**
     * The last complete line of a file, parsed (its {@code hash} is null when the line is not a record at all), or
     * null when the file has no complete line.
     */
    private static AuditChain.Parsed lastRecord(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            if (len == 0) {
                return null;
            }
            raf.seek(len - 1);
            long end = raf.read() == '\n' ? len - 1 : lastNewline(raf, len);
            if (end < 0) {
                return null;
            }
            long prevNl = lastNewline(raf, end);
            byte[] line = new byte[(int) (end - prevNl - 1)];
            raf.seek(prevNl + 1);
            raf.readFully(line);
            return AuditChain.parse(new String(line, StandardCharsets.UTF_8));
        }
    }

    /**
     * Brings the chain state up to date with the file (under the append mutex): another process may have appended or
     * rotated since this one last wrote. Returns the tail found (null when the trail is new).
     */
    private Tail syncTail() throws IOException {
        Path active = files.active();
        Object key = Files.exists(active) ? Files.readAttributes(active, BasicFileAttributes.class).fileKey() : null;
        if (channel == null || key == null || !key.equals(fileKey)) {
            closeChannelQuietly();
            openChannel();
        }
        long actual = channel.size();
        if (actual == size && synced) {
            return new Tail(null);
        }
        synced = true;
        size = actual;
        fileDay = actual > 0 ? dayOf(firstLine(active)) : null;
        if (fileDay == null) {
            fileDay = LocalDate.now(clock);
        }
        AuditChain.Parsed p = actual > 0 ? lastRecord(active) : null;
        if (p == null) {
            List<Path> rotated = files.rotatedFiles();
            p = rotated.isEmpty() ? null : lastRecord(rotated.get(rotated.size() - 1));
        }
        if (p == null) {
            last = AuditChain.GENESIS;
            seq = 0;
            return null;
        }
        if (p.hash() != null) {
            last = p.hash();
            seq = p.seq();
            return new Tail(p);
        }
        return new Tail(null);
    }

    /** Position of the last '\n' before {@code end}, or -1. */
    private static long lastNewline(RandomAccessFile raf, long end) throws IOException {
        long pos = end;
        byte[] buf = new byte[8192];
        while (pos > 0) {
            int n = (int) Math.min(buf.length, pos);
            pos -= n;
            raf.seek(pos);
            raf.readFully(buf, 0, n);
            for (int i = n - 1; i >= 0; i--) {
                if (buf[i] == '\n') {
                    return pos + i;
                }
            }
        }
        return -1;
    }

    private static String firstLine(Path file) {
        try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return r.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    private LocalDate dayOf(String line) {
        if (line == null) {
            return null;
        }
        AuditChain.Parsed p = AuditChain.parse(line);
        try {
            return p.time().isEmpty() ? null : OffsetDateTime.parse(p.time()).atZoneSameInstant(clock.getZone()).toLocalDate();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void openChannel() throws IOException {
        channel = FileChannel.open(files.active(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        fileKey = Files.readAttributes(files.active(), BasicFileAttributes.class).fileKey();
        size = channel.size();
        synced = false;
    }

    // ------------------------------------------------------------------------------------------------------ writing

    private void run() {
        long flushNanos = settings.flushInterval().toNanos();
        long lastForce = System.nanoTime();
        List<Object> batch = new ArrayList<>(1024);
        boolean stop = false;
        while (!stop) {
            try {
                long wait = dirty ? Math.max(1, flushNanos - (System.nanoTime() - lastForce)) : flushNanos;
                Object first = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, 8191);
                }
            } catch (InterruptedException e) {
                if (abandoned) {
                    return;
                }
                // close() interrupts only after queueing STOP; keep draining until it is seen.
            }
            synchronized (lock) {
                if (abandoned) {
                    return;
                }
                stop = writeBatch(batch);
                batch.clear();
                if (dirty && (stop || System.nanoTime() - lastForce >= flushNanos)) {
                    force();
                    lastForce = System.nanoTime();
                }
            }
        }
    }

    /**
     * Appends a batch under the append mutex, after catching up with what other processes wrote. Records that cannot
     * be written stay queued in {@link #retry} for the next wake-up. Returns true when STOP was in the batch.
     */
    private boolean writeBatch(List<Object> batch) {
        boolean stop = false;
        List<Object> work = new ArrayList<>(retry);
        retry.clear();
        work.addAll(batch);
        if (work.isEmpty()) {
            return false;
        }
        try {
            openLocks();
            try (FileLock append = lockChannel.lock(0, 1, false)) {
                syncTail();
                for (Object o : work) {
                    if (o instanceof Record r) {
                        append(r.fields());
                    } else if (o instanceof Barrier b) {
                        writePending();
                        b.done().countDown();
                    } else if (o == STOP) {
                        stop = true;
                    }
                }
                writePending();
            }
            if (failure != null) {
                LOG.warn("Audit trail {} is writable again", files.active());
                failure = null;
            }
        } catch (IOException | RuntimeException e) {
            // Nothing sealed in this attempt reached the file: retry the records next time, from a fresh tail.
            pending.reset();
            synced = false;
            for (Object o : work) {
                if (o instanceof Record) {
                    retry.add(o);
                } else if (o instanceof Barrier b) {
                    b.done().countDown();
                } else if (o == STOP) {
                    stop = true;
                }
            }
            if (failure == null) {
                LOG.error("Audit trail {} cannot be written: {}", files.active(), e.toString());
            }
            failure = "the audit file " + files.active().getFileName() + " cannot be written ("
                    + e.getClass().getSimpleName() + ")";
            closeChannelQuietly();
        }
        return stop;
    }

    /** Seals one record onto the chain and adds it to the pending bytes, rotating first when due. */
    private void append(String fields) throws IOException {
        AuditChain.Sealed s = AuditChain.seal(seq + 1, fields, last);
        byte[] bytes = (s.text() + "\n").getBytes(StandardCharsets.UTF_8);
        LocalDate today = LocalDate.now(clock);
        long current = size + pending.size();
        if (current > 0 && (current + bytes.length > settings.maxFileSize() || !today.equals(fileDay))) {
            rotate(today);
        }
        pending.write(bytes, 0, bytes.length);
        seq++;
        last = s.hash();
        segmentRecords++;
        written.incrementAndGet();
    }

    /** Writes the pending bytes; throws when the disk refuses them (the caller retries the whole batch). */
    private void writePending() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        byte[] bytes = pending.toByteArray();
        if (channel == null) {
            openChannel();
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        size += bytes.length;
        pending.reset();
        dirty = true;
    }

    /** Fsyncs the file, then seals what is now on disk (see {@link AuditSeal}). */
    private void force() {
        try {
            if (channel != null) {
                channel.force(false);
            }
            dirty = false;
            seal();
        } catch (IOException e) {
            failure = "the audit file " + files.active().getFileName() + " cannot be synced (" + e.getClass().getSimpleName() + ")";
            LOG.error("Audit trail {}: fsync failed: {}", files.active(), e.toString());
        }
    }

    /**
     * Seals the newest record this process wrote, under the append mutex. A seal that cannot be written is logged, not
     * a failure of the trail: the records themselves are on disk.
     */
    private void seal() {
        if (seq == 0) {
            return;
        }
        try {
            openLocks();
            try (FileLock append = lockChannel.lock(0, 1, false)) {
                AuditSeal.write(AuditSeal.of(files.active()), seq, last);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Audit trail {}: the seal cannot be written ({}); audit verify cannot tell whether the newest"
                    + " records are cut off", files.active(), e.toString());
        }
    }

    /** Under the append mutex: the active file becomes a rotated one and a new active file starts the next day's. */
    private void rotate(LocalDate today) throws IOException {
        writePending();
        if (channel != null) {
            channel.force(true);
            channel.close();
            channel = null;
        }
        Path target = files.nextRotatedName(fileDay);
        Files.move(files.active(), target, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("Audit trail rotated to {}", target.getFileName());
        openChannel();
        synced = true;
        fileDay = today;
    }

    private void closeChannelQuietly() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already broken
            }
            channel = null;
        }
    }

    /** After close: append synchronously (under the append mutex) and fsync, so even a straggler is not lost. */
    private void appendLate(String fields) {
        List<Object> one = new ArrayList<>(List.of(new Record(fields)));
        writeBatch(one);
        force();
        closeChannelQuietly();
        releaseLive();
    }

    /** Drains the queue, writes {@code chain.end}, fsyncs and stops the writer. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            queue.put(STOP);
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            closed = true;
            // Anything the writer did not take (it stops at STOP) is written here, in order, then the end marker.
            List<Object> rest = new ArrayList<>();
            queue.drainTo(rest);
            rest.removeIf(o -> o == STOP);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("segment", segment);
            d.put("records", segmentRecords + countRecords(rest) + countRecords(retry) + 1);
            rest.add(new Record(fields(SERVER, "chain.end", d)));
            writeBatch(rest);
            force();
            closeChannelQuietly();
            releaseLive();
        }
        LOG.info("Audit trail closed: {} records in segment {}", written.get(), segment);
    }

    private static long countRecords(List<Object> l) {
        return l.stream().filter(o -> o instanceof Record).count();
    }

    private void releaseLive() {
        try {
            if (liveLock != null && liveLock.isValid()) {
                liveLock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
                lockChannel = null;
            }
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }

    /** Tests: the process "dies" – the writer stops where it is, nothing more is written, the locks go. */
    void abandonForTest() {
        abandoned = true;
        writer.interrupt();
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            closeChannelQuietly();
            releaseLive();
            closed = true;
        }
    }
}
