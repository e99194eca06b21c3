package io.xugumcp.api;

import java.util.Map;

/**
 * The host's audit trail. The host itself records every tool call and every statement; a plugin adds an
 * event only for something the host cannot see (for example an LLM request it made). Never put secrets in details.
 */
public interface Audit {

    /**
     * Records one event.
     *
     * @param caller  who caused it
     * @param action  a short name, e.g. {@code llm.request}
     * @param details JSON-safe values (strings, numbers, booleans, lists and maps of those)
     */
    void record(Caller caller, String action, Map<String, Object> details);
}
