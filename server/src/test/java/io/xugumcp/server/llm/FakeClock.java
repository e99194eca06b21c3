package io.xugumcp.server.llm;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * A clock whose pauses take no time: each pause is recorded and moves the clock on by its length. Real time still
 * passes underneath (HTTP exchanges take what they take).
 */
public final class FakeClock implements LlmClock {
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private volatile long offset;
    private volatile LocalDate today = LocalDate.of(2026, 12, 4);

    @Override
    public long nanoTime() {
        return System.nanoTime() + offset;
    }

    @Override
    public void pause(Duration d, BooleanSupplier cancelled) {
        pauses.add(d);
        offset += d.toNanos();
    }

    @Override
    public LocalDate today() {
        return today;
    }

    public void today(LocalDate date) {
        this.today = date;
    }

    /** The pauses the retry loop asked for, in order. */
    public List<Duration> pauses() {
        return List.copyOf(pauses);
    }
}
