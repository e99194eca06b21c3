package io.xugumcp.api.admin;

import java.util.List;

/**
 * The way to the database, checked step by step.
 *
 * @param ok      true when every required step succeeded
 * @param target  what was checked: dialect, host and port or file, database and user (never a password)
 * @param summary one sentence: all good, or the first failure with its likely cause and fix
 * @since 0.3.0
 */
public record Diagnosis(boolean ok, String target, List<Step> steps, String summary) {

    public Diagnosis {
        steps = List.copyOf(steps);
    }

    /**
     * One step.
     *
     * @param name      {@code dns}, {@code tcp}, {@code login}, {@code query}, {@code version}, {@code privileges.*}
     * @param status    {@code ok}, {@code failed}, {@code warning} (works, with a limitation) or {@code skipped}
     * @param elapsedMs time taken, 0 when skipped
     * @param detail    what was found
     * @param errorCode the database's or driver's error code when there was one (e.g. {@code E50027},
     *                  {@code 28P01}), else {@code null}
     * @param cause     the likely cause when it failed, else {@code null}
     * @param fix       what to do about it, else {@code null}
     */
    public record Step(String name, String status, long elapsedMs, String detail, String errorCode, String cause,
                       String fix) {
    }
}
