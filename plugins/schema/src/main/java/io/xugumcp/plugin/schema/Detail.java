package io.xugumcp.plugin.schema;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.util.Locale;

/** How much a listing says about each item: just names, a one-line summary, or everything. */
enum Detail {
    NAMES, SUMMARY, FULL;

    static Detail of(Arguments args, Detail fallback) {
        String v = args.optionalString("detail").orElse(null);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return valueOf(v.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument 'detail' must be names, summary or full; got '"
                    + (v.length() > 40 ? v.substring(0, 40) + "…" : v) + "'.");
        }
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
