package io.xugumcp.server.llm;

import java.util.Objects;

/**
 * An API key. Its {@link #toString()} never shows it, so a key that ends up in a log line, a record's text or an
 * exception message by accident prints as {@code [secret]}; only {@link #reveal()} gives the value, for the header.
 */
public final class ApiKey {
    private final String value;

    public ApiKey(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The key itself: for the request header only. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "[secret]";
    }
}
