package io.xugumcp.testing;

import java.util.Map;

/**
 * What a client received for one call, a resource read or a prompt, as plain Java values.
 *
 * @param error      true for a tool's {@code isError} result, or a JSON-RPC error of a resource or prompt
 * @param code       the error code ({@code invalid_argument}, {@code denied} …, see {@code io.xugumcp.api.ErrorCode});
 *                   null when there is none
 * @param text       the text content joined by newlines (a prompt: its messages' texts; an error: its message)
 * @param structured a tool's structured content as maps, lists, strings, numbers and booleans; null when none
 */
public record Answer(boolean error, String code, String text, Map<String, Object> structured) {

    /** The answer's structured value at {@code key}, or null. */
    public Object get(String key) {
        return structured == null ? null : structured.get(key);
    }

    @Override
    public String toString() {
        return (error ? "error" + (code == null ? "" : " " + code) + ": " : "") + text;
    }
}
