package io.xugumcp.plugin.chat2sql;

import io.xugumcp.api.Caller;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.Completer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Completes the word being typed at the end of a prompt argument with table names (Latin letters: {@code ord} →
 * {@code ORDERS}, {@code ORDER_ITEMS}) or with table comments (Chinese: {@code 订} → 订单, 订单明细), returning the
 * whole argument value with the word completed. Only tables the caller may read are offered: a name or comment
 * completed is a name shown, and table rules that deny a table must not be read back one keystroke at a time.
 */
final class TableCompleter implements Completer {
    static final int MAX = 100;
    private final Function<Caller, Catalog> catalog;

    /** @param catalog the schema model as a caller sees it ({@code PluginContext.catalog(Caller)}) */
    TableCompleter(Function<Caller, Catalog> catalog) {
        this.catalog = catalog;
    }

    /** Without a caller nothing is known to be readable, so nothing is offered. */
    @Override
    public List<String> complete(String prefix, Map<String, String> context) {
        return List.of();
    }

    @Override
    public List<String> complete(String prefix, Map<String, String> context, Caller caller) {
        String value = prefix == null ? "" : prefix;
        int start = value.length();
        while (start > 0 && isWordChar(value.codePointBefore(start))) {
            start -= Character.charCount(value.codePointBefore(start));
        }
        String word = value.substring(start);
        String head = value.substring(0, start);
        List<String> out = new ArrayList<>();
        if (word.isEmpty()) {
            return out;
        }
        boolean cjk = Character.UnicodeScript.of(word.codePointAt(0)) == Character.UnicodeScript.HAN;
        Catalog seen = catalog.apply(caller);
        List<Catalog.Table> tables = seen.tables(null).stream().filter(seen::mayRead).toList();
        if (!cjk) {
            for (Catalog.Table t : tables) {
                if (t.name().toLowerCase(Locale.ROOT).startsWith(word.toLowerCase(Locale.ROOT)) && out.size() < MAX) {
                    out.add(head + t.name());
                }
            }
            return out;
        }
        // Chinese has no spaces: the longest tail of the run that starts some table's comment.
        int[] cps = word.codePoints().toArray();
        for (int k = Math.min(cps.length, 8); k >= 1 && out.isEmpty(); k--) {
            String tail = new String(cps, cps.length - k, k);
            String kept = head + new String(cps, 0, cps.length - k);
            for (Catalog.Table t : tables) {
                String comment = t.comment();
                if (comment != null && comment.startsWith(tail) && !out.contains(kept + comment) && out.size() < MAX) {
                    out.add(kept + comment);
                }
            }
        }
        return out;
    }

    private static boolean isWordChar(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '_' || cp == '$';
    }
}
