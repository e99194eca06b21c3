package io.xugumcp.server.config;

/** A configuration problem, with the key and the reason in its message. The server refuses to start. */
public final class InvalidConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
        super(message);
    }
}
