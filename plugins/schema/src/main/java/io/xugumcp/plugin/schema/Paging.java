package io.xugumcp.plugin.schema;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Cursor pagination. A cursor is an opaque token holding the offset of the next page and a fingerprint of the
 * question it belongs to, so a cursor handed to another question is refused instead of silently skipping items.
 * The list is re-read from the (cached) catalog on every page; a catalog that changed in between shifts items at
 * worst, it never fails.
 */
final class Paging {
    static final int MAX_LIMIT = 1000;

    private Paging() {
    }

    /** One page of a list and where the next one starts. */
    record Page<T>(List<T> items, int offset, int total, String nextCursor) {
    }

    static <T> Page<T> page(List<T> all, Arguments args, String question, int defaultLimit) {
        int limit = args.optionalInt("limit", 1, MAX_LIMIT).orElse(defaultLimit);
        int offset = args.optionalString("cursor").filter(c -> !c.isBlank()).map(c -> decode(c, question)).orElse(0);
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + limit);
        String next = to < all.size() ? encode(to, question) : null;
        return new Page<>(List.copyOf(all.subList(from, to)), from, all.size(), next);
    }

    static String encode(int offset, String question) {
        String raw = offset + ":" + fingerprint(question);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static int decode(String cursor, String question) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            int offset = Integer.parseInt(raw.substring(0, colon));
            if (offset >= 0 && raw.substring(colon + 1).equals(fingerprint(question))) {
                return offset;
            }
        } catch (RuntimeException e) {
            // fall through: not one of ours
        }
        throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument 'cursor' is not a cursor this tool handed out for these"
                + " arguments. Repeat the call with the same arguments and the 'nextCursor' of the previous answer,"
                + " or leave 'cursor' out to start from the first page.");
    }

    private static String fingerprint(String question) {
        return Integer.toHexString(question.hashCode());
    }
}
