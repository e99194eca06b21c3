package io.xugumcp.plugin.ddl;

import io.xugumcp.api.Dialect;
import io.xugumcp.api.DialectCapabilities;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The name of an object about to be created, as the database will store it. A plain name ({@code orders}) is folded
 * the way the database folds unquoted names ({@code ORDERS} on XuguDB and H2, {@code orders} on PostgreSQL), so it can
 * be written unquoted afterwards; a name in double quotes keeps its exact spelling; anything else (Chinese, spaces) is
 * kept as written. The name is then always quoted by the dialect, so quotes, semicolons, comment markers and reserved
 * words inside it stay part of the name. What no database accepts is refused: empty names, control and invisible
 * characters, surrounding spaces, and names longer than the database's limit.
 */
final class Idents {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    private Idents() {
    }

    /**
     * @param what how to call the name in a message: {@code table}, {@code column}, {@code index} …
     * @param raw  the caller's text
     */
    static String newName(Dialect dialect, String what, String raw) {
        if (raw == null || raw.isBlank()) {
            throw invalid("A " + what + " name is required.");
        }
        String s = raw;
        String name;
        if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"'
                && !s.substring(1, s.length() - 1).replace("\"\"", "").contains("\"")) {
            name = s.substring(1, s.length() - 1).replace("\"\"", "\"");
        } else if (PLAIN.matcher(s).matches()) {
            name = dialect.foldIdentifier(s);
        } else {
            name = s;
        }
        check(dialect, what, name);
        return name;
    }

    /** Refuses what no database accepts as a name; the name is used as given. */
    static void check(Dialect dialect, String what, String name) {
        if (name.isEmpty() || name.isBlank()) {
            throw invalid("The " + what + " name is empty. Send a name such as orders.");
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED || type == Character.SURROGATE) {
                throw invalid("The " + what + " name " + show(name) + " contains a control or invisible character"
                        + " (U+" + String.format("%04X", cp) + "); names may not. Send the name only.");
            }
            i += Character.charCount(cp);
        }
        if (!name.strip().equals(name)) {
            throw invalid("The " + what + " name " + show(name) + " starts or ends with a space; send it without.");
        }
        DialectCapabilities caps = dialect.capabilities();
        int max = caps.maxIdentifierLength();
        if (caps.identifierLengthUnit() == DialectCapabilities.LengthUnit.BYTES) {
            int bytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > max) {
                throw invalid("The " + what + " name " + show(name) + " is " + bytes + " bytes long in UTF-8; this database"
                        + " allows at most " + max + " bytes (a Chinese character takes 3). Choose a shorter name.");
            }
        } else {
            int chars = name.codePointCount(0, name.length());
            if (chars > max) {
                throw invalid("The " + what + " name " + show(name) + " is " + chars + " characters long; this database"
                        + " allows at most " + max + ". Choose a shorter name.");
            }
        }
    }

    private static final Pattern PART = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*|\"(?:[^\"]|\"\")+\"");

    /**
     * {@code schema.table} split in two when both parts are plain or double-quoted names (each kept as written, so
     * it is folded or unquoted like any name); {@code null} for anything else, which is then one name.
     */
    static String[] split(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                String a = s.substring(0, i).strip();
                String b = s.substring(i + 1).strip();
                return PART.matcher(a).matches() && PART.matcher(b).matches() ? new String[] {a, b} : null;
            }
        }
        return null;
    }

    /** The name as a message may show it: quoted, shortened, control characters replaced. */
    static String show(String name) {
        String cut = name.length() > 60 ? name.substring(0, 60) + "…" : name;
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            sb.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
        }
        return sb.append('\'').toString();
    }

    /** The length of {@code name} in the database's unit (UTF-8 bytes or characters). */
    static int length(Dialect dialect, String name) {
        return dialect.capabilities().identifierLengthUnit() == DialectCapabilities.LengthUnit.BYTES
                ? name.getBytes(StandardCharsets.UTF_8).length : name.codePointCount(0, name.length());
    }

    /** {@code base} shortened (by whole characters) so that {@code base + suffix} fits the database's limit. */
    static String fit(Dialect dialect, String base, String suffix) {
        int max = dialect.capabilities().maxIdentifierLength();
        String b = base;
        while (!b.isEmpty() && length(dialect, b + suffix) > max) {
            b = b.substring(0, b.offsetByCodePoints(b.length(), -1));
        }
        return b + suffix;
    }

    /** True when the dialect stores {@code name} as written when it is not quoted (it equals its folded form). */
    static boolean isFolded(Dialect dialect, String name) {
        return PLAIN.matcher(name).matches() && dialect.foldIdentifier(name).equals(name);
    }

    private static ToolException invalid(String message) {
        return new ToolException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
