package io.xugumcp.api.admin;

import java.time.Instant;
import java.util.List;

/**
 * The server's health.
 *
 * @param status {@code ok}, {@code degraded} (serving, something needs attention) or {@code down} (the database
 *               cannot be reached)
 * @param checks one per part: {@code database}, {@code plugins}, {@code audit}, and with details {@code pool},
 *               {@code memory}, one per plugin
 * @since 0.3.0
 */
public record Health(String status, Instant at, List<Check> checks) {

    public Health {
        checks = List.copyOf(checks);
    }

    /**
     * One check.
     *
     * @param status    {@code ok}, {@code warning}, {@code failed} or {@code unknown}
     * @param elapsedMs how long the check took, or {@code -1} when it reports a state seen earlier
     * @param detail    a sentence for a person
     */
    public record Check(String name, String status, long elapsedMs, String detail) {
    }
}
