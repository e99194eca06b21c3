package io.xugumcp.server.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seal of a trail: the sequence number and hash of the newest record known to be on disk, kept in a small file
 * next to the active file ({@code audit.log.seal}) and replaced after every fsync of the trail. The hash chain proves
 * that no record was changed, removed or reordered between its first and last record; it cannot tell that records
 * were cut off its end. The seal can: a trail that ends before the sealed record, or holds another record under the
 * sealed number, was cut or rewritten. Someone able to rewrite the audit directory can rewrite the seal along with
 * the trail; only a copy kept elsewhere (of the trail or its last hash) detects that.
 */
final class AuditSeal {
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    private static final Pattern HASH = Pattern.compile("\"hash\":\"([0-9a-f]{64})\"");

    /** The sealed record. */
    record Sealed(long seq, String hash) {
    }

    private AuditSeal() {
    }

    /** Where the seal of the trail whose active file is {@code active} lives. */
    static Path of(Path active) {
        return active.resolveSibling(active.getFileName() + ".seal");
    }

    /**
     * Replaces the seal with {@code seq}/{@code hash} unless it already names a newer record (another process
     * writing the same trail may have sealed further). Written to a temporary file and renamed, so a reader never sees
     * half a seal.
     */
    static void write(Path seal, long seq, String hash) throws IOException {
        Sealed current = readQuietly(seal);
        if (current != null && current.seq() >= seq) {
            return;
        }
        replace(seal, seq, hash);
    }

    /** Replaces the seal, whatever it named (at start, after a cut-off was recorded in the chain). */
    static void replace(Path seal, long seq, String hash) throws IOException {
        Path tmp = seal.resolveSibling(seal.getFileName() + ".tmp");
        Files.writeString(tmp, "{\"seq\":" + seq + ",\"hash\":\"" + hash + "\"}\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, seal, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, seal, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The seal, or {@code null} when there is none; throws when it exists but cannot be read as a seal. */
    static Sealed read(Path seal) throws IOException {
        if (!Files.exists(seal)) {
            return null;
        }
        String text = Files.readString(seal, StandardCharsets.UTF_8);
        Matcher s = SEQ.matcher(text);
        Matcher h = HASH.matcher(text);
        if (!s.find() || !h.find()) {
            throw new IOException("not a seal (it should hold the seq and hash of the newest record)");
        }
        return new Sealed(Long.parseLong(s.group(1)), h.group(1));
    }

    private static Sealed readQuietly(Path seal) {
        try {
            return read(seal);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
