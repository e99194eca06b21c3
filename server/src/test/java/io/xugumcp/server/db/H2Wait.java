package io.xugumcp.server.db;

/** A function tests install in H2 ({@code CREATE ALIAS WAIT_MS FOR "io.xugumcp.server.db.H2Wait.waitMs"}). */
public final class H2Wait {
    private H2Wait() {
    }

    /** Waits {@code ms} milliseconds and returns them: a read of known duration. */
    public static int waitMs(int ms) throws InterruptedException {
        Thread.sleep(ms);
        return ms;
    }
}
