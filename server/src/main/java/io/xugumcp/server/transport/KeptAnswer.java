package io.xugumcp.server.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file holding an answer kept for the next start: its first line is the fingerprint of what the answer depends on,
 * the rest the answer. Read and written whole (a temporary file moved into place), so two servers sharing a data
 * folder never see half a file; any failure only costs a start its head start.
 */
final class KeptAnswer {
    private KeptAnswer() {
    }

    /** The answer kept in {@code file} under {@code fingerprint}, or {@code null}. */
    static String read(Path file, String fingerprint) {
        String[] kept = fingerprint == null ? null : readWhole(file);
        return kept != null && kept[0].equals(fingerprint) ? kept[1].strip() : null;
    }

    /** The fingerprint and the answer kept in {@code file}, or {@code null}. */
    static String[] readWhole(Path file) {
        try {
            if (file == null || !Files.isRegularFile(file)) {
                return null;
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            return newline > 0 ? new String[] {text.substring(0, newline), text.substring(newline + 1)} : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Keeps {@code answer} in {@code file} under {@code fingerprint}; returns whether it was written. */
    static boolean write(Path file, String fingerprint, String answer) {
        try {
            if (file == null || fingerprint == null) {
                return false;
            }
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(tmp, fingerprint + "\n" + answer + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(KeptAnswer.class).debug("could not keep {}: {}", file, e.toString());
            return false;
        }
    }
}
