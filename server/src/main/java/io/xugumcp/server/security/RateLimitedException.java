package io.xugumcp.server.security;

import io.xugumcp.api.ToolException;

/** A call refused by the rate limiter; {@link #retryAfterSeconds()} says when trying again makes sense. */
public final class RateLimitedException extends ToolException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    public RateLimitedException(String message, long retryAfterSeconds) {
        super("rate_limited", message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
