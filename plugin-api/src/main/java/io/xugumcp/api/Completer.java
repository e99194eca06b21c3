package io.xugumcp.api;

import java.util.List;
import java.util.Map;

/**
 * Suggests values for a prompt argument or a resource template variable. The host asks
 * {@link #complete(String, Map, Caller)} for the request's caller, after checking that the caller may use the prompt
 * or template at all; a completer that reads the schema or data must override that method and answer as the caller
 * (for example through {@link PluginContext#catalog(Caller)} and {@link Catalog#mayRead}), so that completion never
 * shows what the caller's role may not read.
 */
@FunctionalInterface
public interface Completer {

    /**
     * @param prefix  what the user typed so far
     * @param context values of the other arguments already chosen (may be empty)
     * @return matching values, best first; the host sends at most 100
     */
    List<String> complete(String prefix, Map<String, String> context);

    /**
     * Suggestions for {@code caller}; the host calls this one. The default ignores the caller, which is right only for
     * values that are the same for everyone (fixed choices, sample ids).
     *
     * @param caller who asks (never null: a request without a caller is refused before)
     * @since 0.3.0
     */
    default List<String> complete(String prefix, Map<String, String> context, Caller caller) {
        return complete(prefix, context);
    }
}
