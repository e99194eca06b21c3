package io.xugumcp.server.write;

import io.xugumcp.api.Audit;
import io.xugumcp.api.write.Writes;
import io.xugumcp.server.catalog.CatalogService;
import io.xugumcp.server.db.DatabaseService;
import java.time.Clock;

/**
 * The host's write path, shared by every tool call: the confirmation tokens (one key per process) and the rules of
 * {@code xugu-mcp.writes}. {@link #forCall} hands a plugin the {@link Writes} of one call.
 */
public final class WriteService {
    private final DatabaseService database;
    private final CatalogService catalog;
    private final WriteSettings settings;
    private final Audit audit;
    private final boolean readWrite;
    private final ConfirmationTokens tokens;

    public WriteService(DatabaseService database, CatalogService catalog, WriteSettings settings, Audit audit,
                        boolean readWrite) {
        this(database, catalog, settings, audit, readWrite, Clock.systemUTC());
    }

    WriteService(DatabaseService database, CatalogService catalog, WriteSettings settings, Audit audit,
                 boolean readWrite, Clock clock) {
        this.database = database;
        this.catalog = catalog;
        this.settings = settings;
        this.audit = audit;
        this.readWrite = readWrite;
        this.tokens = new ConfirmationTokens(settings.tokenTtl(), clock);
    }

    public Writes forCall(WriteCall call) {
        return new CallWrites(this, call);
    }

    DatabaseService database() {
        return database;
    }

    CatalogService catalog() {
        return catalog;
    }

    WriteSettings settings() {
        return settings;
    }

    Audit audit() {
        return audit;
    }

    boolean readWrite() {
        return readWrite;
    }

    ConfirmationTokens tokens() {
        return tokens;
    }
}
