package io.xugumcp.server.transport;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Fingerprints of what a start depends on, for the answers the stdio front door keeps between starts: 64 bits of
 * FNV-1a (no cryptographic library on the way to the first answer; a collision would only cost one answer that the
 * server then corrects). Never fed a secret: callers leave secrets out.
 */
final class Fingerprint {
    private Fingerprint() {
    }

    static String of(String what, CharSequence inputs) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < inputs.length(); i++) {
            h ^= inputs.charAt(i);
            h *= 0x100000001b3L;
        }
        return "xugu-mcp " + what + " " + Long.toHexString(h);
    }

    private static final java.util.regex.Pattern SECRET_MEMBER = java.util.regex.Pattern.compile(
            "(\"[^\"]*(?i:password|passwd|secret|token|api-key|apikey|api_key|credential|private)[^\"]*\"\\s*:\\s*)"
                    + "\"(?:[^\"\\\\]|\\\\.)*\"");

    /** A HOCON line setting a secret-named key: {@code password = "…"}. */
    private static final java.util.regex.Pattern HOCON_SECRET = java.util.regex.Pattern.compile(
            "(?im)^(\\s*[\\w.\"-]*(?:password|passwd|secret|token|api-key|apikey|api_key|credential|private)"
                    + "[\\w.\"-]*\\s*[=:]\\s*)(?!\\{).*$");

    /**
     * {@code text} (configuration as JSON, or one value) without what could be a secret: the values of members named
     * like secrets, and passwords in URLs ({@code user:password@}, {@code password=…}). Secrets never shape what is
     * kept, so they need not be part of a fingerprint – and then no fingerprint can be guessed back to one.
     */
    static String withoutSecrets(String text) {
        return SECRET_MEMBER.matcher(HOCON_SECRET.matcher(text).replaceAll("$1?")).replaceAll("$1\"?\"")
                .replaceAll("(?i)((?:password|pwd)=)[^&;\"]*", "$1?")
                .replaceAll("(//[^/@:\"]*):[^/@\"]*@", "$1:?@");
    }

    /** Name, size and time of each file in {@code dir}, sorted: a changed, added or removed jar changes it. */
    static List<String> files(Path dir) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
            for (Path p : all) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                out.add(p.getFileName() + " " + a.size() + " " + a.lastModifiedTime().toMillis());
            }
        } catch (IOException e) {
            out.add("unreadable " + e.getClass().getSimpleName());
        }
        out.sort(null);
        return out;
    }
}
