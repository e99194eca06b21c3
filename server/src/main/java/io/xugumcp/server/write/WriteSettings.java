package io.xugumcp.server.write;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.xugumcp.server.config.ConfigLoader;
import io.xugumcp.server.config.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The operator's rules for writes ({@code xugu-mcp.writes.*}), validated at start.
 *
 * @param confirmAbove       an update or delete touching more rows than this needs confirmation
 * @param maxAffectedRows    the most rows one update, delete or upsert may touch unless the call asks for more
 * @param tokenTtl           how long a confirmation token is valid
 * @param importDir          the only folder {@code bulk_import} may read files from; {@code null}: file imports off
 * @param atomicImportLimit  the most rows an all-or-nothing import may hold (larger imports use per-batch commits)
 * @param batchSize          rows per import batch when the call does not say
 * @param maxBatchSize       the most rows per import batch a call may ask for
 * @param sampleRows         rows shown before/after in an answer
 * @param maxImportFileBytes the largest file an import may read
 */
public record WriteSettings(long confirmAbove, long maxAffectedRows, Duration tokenTtl, Path importDir,
                            long atomicImportLimit, int batchSize, int maxBatchSize, int sampleRows,
                            long maxImportFileBytes) {

    /** The defaults of reference.conf, for tests and hosts without a configuration. */
    public static final WriteSettings DEFAULTS = new WriteSettings(100, 10_000, Duration.ofMinutes(5), null,
            1_000_000, 1000, 10_000, 5, 1L << 30);

    public static WriteSettings from(Config root, Path home) {
        if (!root.hasPath("xugu-mcp.writes")) {
            return DEFAULTS;
        }
        Config c = root.getConfig("xugu-mcp.writes");
        try {
            String dir = c.getString("import-dir").trim();
            Path importDir = null;
            if (!dir.isEmpty()) {
                Path p = Path.of(dir);
                importDir = (p.isAbsolute() || home == null ? p : home.resolve(p)).toAbsolutePath().normalize();
                if (!Files.isDirectory(importDir)) {
                    throw new InvalidConfigException("xugu-mcp.writes.import-dir: '" + importDir
                            + "' is not a directory; create it or leave the setting empty to turn file imports off");
                }
            }
            WriteSettings s = new WriteSettings(
                    range(c, "confirm-above", 0, Long.MAX_VALUE),
                    range(c, "max-affected-rows", 1, Long.MAX_VALUE),
                    ConfigLoader.seconds(c, "confirm-token-ttl"),
                    importDir,
                    range(c, "atomic-import-limit", 1, Long.MAX_VALUE),
                    (int) range(c, "batch-size", 1, 100_000),
                    (int) range(c, "max-batch-size", 1, 100_000),
                    (int) range(c, "sample-rows", 0, 100),
                    c.getBytes("max-import-file-size"));
            if (s.batchSize() > s.maxBatchSize()) {
                throw new InvalidConfigException("xugu-mcp.writes.batch-size (" + s.batchSize()
                        + ") must not exceed max-batch-size (" + s.maxBatchSize() + ")");
            }
            return s;
        } catch (ConfigException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    private static long range(Config c, String key, long min, long max) {
        long v;
        try {
            v = c.getLong(key);
        } catch (ConfigException.WrongType e) {
            throw new InvalidConfigException("xugu-mcp.writes." + key + ": must be a whole number, got '"
                    + c.getValue(key).unwrapped() + "'");
        }
        if (v < min || v > max) {
            throw new InvalidConfigException("xugu-mcp.writes." + key + ": must be at least " + min + ", got " + v);
        }
        return v;
    }
}
