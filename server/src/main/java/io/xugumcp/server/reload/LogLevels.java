package io.xugumcp.server.reload;

import java.lang.reflect.Field;
import java.util.Locale;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The level of the server's own log lines ({@code io.xugumcp.*}, plugins included): {@code xugu-mcp.log-level}, set
 * at start and changeable by a reload. slf4j-simple reads levels once per logger and has no API to change them, so the
 * level is set for loggers still to come (a system property it reads first) and, through reflection on its own
 * fields, for the loggers that exist; when that fails the change is reported as needing a restart.
 */
public final class LogLevels {
    private static final String PREFIX = "io.xugumcp";
    private static final String PROPERTY = "org.slf4j.simpleLogger.log." + PREFIX;
    /** slf4j-simple's level numbers (LocationAwareLogger's). */
    private static final Map<String, Integer> LEVELS = Map.of("trace", 0, "debug", 10, "info", 20, "warn", 30,
            "error", 40, "off", 50);

    private LogLevels() {
    }

    /** The level in lower case, or {@link IllegalArgumentException} naming the allowed ones. */
    public static String validate(String level) {
        String l = level == null ? "" : level.trim().toLowerCase(Locale.ROOT);
        if (!LEVELS.containsKey(l)) {
            throw new IllegalArgumentException("xugu-mcp.log-level: must be one of trace, debug, info, warn, error, off;"
                    + " got '" + level + "'");
        }
        return l;
    }

    /** Applies {@code level} to the server's loggers; false when only new loggers get it (restart for the rest). */
    public static boolean apply(String level) {
        String l = validate(level);
        System.setProperty(PROPERTY, l);
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        try {
            Field map = factory.getClass().getDeclaredField("loggerMap");
            map.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<String, Logger> loggers = (Map<String, Logger>) map.get(factory);
            for (Logger logger : loggers.values()) {
                if (logger.getName().startsWith(PREFIX)) {
                    Field current = field(logger.getClass(), "currentLogLevel");
                    current.setAccessible(true);
                    current.setInt(logger, LEVELS.get(l));
                }
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static Field field(Class<?> c, String name) throws NoSuchFieldException {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                return k.getDeclaredField(name);
            } catch (NoSuchFieldException ignored) {
                // look further up
            }
        }
        throw new NoSuchFieldException(name);
    }
}
