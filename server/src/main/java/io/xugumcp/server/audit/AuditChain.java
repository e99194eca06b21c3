package io.xugumcp.server.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line format of the hash-chained trail. Each record is one JSON object on one line:
 * <pre>{"seq":42,"time":…,…,"prev":"&lt;hash of record 41&gt;","hash":"&lt;sha256 of everything before ,"hash"&gt;"}</pre>
 * {@code hash} is the SHA-256 (hex) of the line's UTF-8 bytes up to, not including, {@code ,"hash":}; since {@code prev}
 * is inside that text, each record seals the one before it: an edited line no longer matches its hash, and a removed
 * or reordered line breaks the next one's {@code prev}. A chain segment begins at each server start with a
 * {@code chain.start} record whose {@code prev} is the last record written before (or {@link #GENESIS} for a new trail).
 */
final class AuditChain {
    static final String GENESIS = "0".repeat(64);
    private static final String HASH_FIELD = ",\"hash\":\"";
    private static final int SUFFIX = HASH_FIELD.length() + 64 + 2;   // ,"hash":"<64>"}
    private static final Pattern SEQ = Pattern.compile("^\\{\"seq\":(\\d+),");
    private static final Pattern PREV = Pattern.compile(",\"prev\":\"([0-9a-f]{64})\"$");
    private static final Pattern ACTION = Pattern.compile(",\"action\":\"([^\"\\\\]*)\"");
    private static final Pattern TIME = Pattern.compile(",\"time\":\"([^\"]*)\"");

    private AuditChain() {
    }

    /** A record ready to append: its text without the newline, and its hash. */
    record Sealed(String text, String hash) {
    }

    /**
     * @param fields the record's JSON fields without braces, e.g. {@code "time":"…","action":"tool",…}
     */
    static Sealed seal(long seq, String fields, String prev) {
        StringBuilder b = new StringBuilder(fields.length() + 160);
        b.append("{\"seq\":").append(seq).append(',').append(fields).append(",\"prev\":\"").append(prev).append('"');
        String hash = sha256(b.toString());
        b.append(HASH_FIELD).append(hash).append("\"}");
        return new Sealed(b.toString(), hash);
    }

    /** A line read back. {@code intact} is false when the line is not a complete record or its hash does not match. */
    record Parsed(boolean intact, long seq, String prev, String hash, String action, String time, String problem) {
    }

    static Parsed parse(String line) {
        if (line.length() < SUFFIX + 10 || !line.endsWith("\"}")) {
            return broken("is not a complete audit record");
        }
        int at = line.length() - SUFFIX;
        if (!line.startsWith(HASH_FIELD, at)) {
            return broken("has no hash at its end");
        }
        String body = line.substring(0, at);
        String hash = line.substring(at + HASH_FIELD.length(), line.length() - 2);
        Matcher seq = SEQ.matcher(body);
        Matcher prev = PREV.matcher(body);
        if (!seq.find() || !prev.find()) {
            return broken("lacks its seq or prev field");
        }
        Matcher action = ACTION.matcher(body);
        Matcher time = TIME.matcher(body);
        String a = action.find() ? action.group(1) : "";
        String t = time.find() ? time.group(1) : "";
        long s;
        try {
            s = Long.parseLong(seq.group(1));
        } catch (NumberFormatException e) {
            return broken("has an unreadable seq");
        }
        if (!sha256(body).equals(hash)) {
            return new Parsed(false, s, prev.group(1), hash, a, t, "does not match its hash: it was changed");
        }
        return new Parsed(true, s, prev.group(1), hash, a, t, null);
    }

    private static Parsed broken(String why) {
        return new Parsed(false, -1, null, null, "", "", why);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
