package io.xugumcp.api;

import java.util.List;
import java.util.Map;

/** Suggests values for a prompt argument or a resource template variable. */
@FunctionalInterface
public interface Completer {

    /**
     * @param prefix  what the user typed so far
     * @param context values of the other arguments already chosen (may be empty)
     * @return matching values, best first; the host sends at most 100
     */
    List<String> complete(String prefix, Map<String, String> context);
}
