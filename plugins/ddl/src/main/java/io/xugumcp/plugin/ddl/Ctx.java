package io.xugumcp.plugin.ddl;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.Database;
import io.xugumcp.api.Dialect;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * What the statement builders of one call work with: the caller's catalog (existing names are only ever taken from it,
 * in its exact spelling), the dialect and its spellings, the caller's database service (to inspect and explain a
 * view's SELECT), the clock and the plugin's settings.
 */
final class Ctx {
    final Catalog catalog;
    /**
     * Every object, also those the caller's role may not read (which {@link #catalog} does not list): only for counting
     * what a change takes with it, never for names shown to the caller.
     */
    final Catalog whole;
    final Dialect dialect;
    final Forms forms;
    final Database database;
    final Clock clock;
    final Settings settings;
    private final java.util.function.Supplier<io.xugumcp.api.Security> security;
    private final String role;

    /** The plugin's configuration ({@code plugins.ddl.*}). */
    record Settings(boolean allowDropDatabase, long exactCountBelow) {
        static final Settings DEFAULTS = new Settings(false, 100_000);
    }

    Ctx(Catalog catalog, Database database, Clock clock, Settings settings) {
        this(catalog, database, clock, settings, null, null);
    }

    /**
     * @param security the caller's view of the security model (for checks the SQL guard cannot make), or null
     * @param role     the caller's role
     */
    Ctx(Catalog catalog, Database database, Clock clock, Settings settings,
        java.util.function.Supplier<io.xugumcp.api.Security> security, String role) {
        this(catalog, catalog, database, clock, settings, security, role);
    }

    /** @param whole the catalog for no caller (the plugin context's), for counts that must include hidden objects */
    Ctx(Catalog catalog, Catalog whole, Database database, Clock clock, Settings settings,
        java.util.function.Supplier<io.xugumcp.api.Security> security, String role) {
        this.security = security;
        this.role = role;
        this.catalog = catalog;
        this.whole = whole;
        this.database = database;
        this.dialect = database.dialect();
        this.forms = Forms.of(dialect);
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Refuses to rename a table the caller may not drop: the old name disappears, which the role model treats like a
     * drop (a developer could otherwise rename ORDERS to DEV_ORDERS and drop it). The statement itself only needs
     * ALTER, so the SQL guard cannot see this; the check is made here, against the host's own rules.
     */
    void requireDropToRename(Catalog.Table t) {
        if (security == null || role == null) {
            return;
        }
        io.xugumcp.api.Security.Decision d;
        try {
            d = security.get().check(role, io.xugumcp.api.Permission.DROP, t.schema() + "." + t.name());
        } catch (ToolException e) {
            return; // a host without the security view: its statement checks still apply
        }
        if (!d.allowed()) {
            throw new ToolException(ErrorCode.DENIED, "Renaming table " + t.name() + " takes its name away, which needs"
                    + " the DROP permission on it. " + d.reason());
        }
    }

    /** The exact name of an existing schema; {@code null} or blank = the connection's current schema. */
    String schema(String requested) {
        if (requested == null || requested.isBlank()) {
            return catalog.currentSchema();
        }
        return catalog.schema(requested.strip()).name();
    }

    /** An existing table or view (the catalog resolves case and {@code schema.table}; unknown names get close matches). */
    Catalog.Table table(String schema, String name) {
        return catalog.table(schema == null || schema.isBlank() ? null : schema(schema), name);
    }

    /** The object spelt exactly {@code exactName} in {@code schema}, or {@code null}. */
    Catalog.Table existing(String schema, String exactName) {
        for (Catalog.Table t : catalog.tables(schema)) {
            if (t.name().equals(exactName)) {
                return t;
            }
        }
        return null;
    }

    Catalog.TableDetail describe(Catalog.Table t) {
        return catalog.describe(t);
    }

    /** The columns of an existing table, for resolving callers' column names. */
    static TableShape shape(Catalog.TableDetail d) {
        List<TableShape.Col> cols = new ArrayList<>();
        for (Catalog.Column c : d.columns()) {
            cols.add(new TableShape.Col(c.name(), c.type(), !c.nullable()));
        }
        return new TableShape(d.table().schema(), d.table().name(), cols);
    }

    /**
     * Resolves what a foreign key references: the catalog's table, or {@code creating} (the table being created) when
     * the reference names it in its schema.
     */
    Constraints.Refs refs(TableShape creating, List<String> creatingPrimaryKey) {
        return (schema, table, where) -> {
            if (table == null || table.isBlank()) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + where + " must name the referenced table.");
            }
            String s = schema == null || schema.isBlank() ? null : schema(schema);
            if (creating != null && (s == null || s.equals(creating.schema()))) {
                String[] split = s == null ? Idents.split(table) : null;
                String bare = split == null ? table : split[1];
                boolean sameSchema = split == null || schema(split[0]).equals(creating.schema());
                if (sameSchema && Idents.newName(dialect, "table", bare).equals(creating.name())) {
                    return new Constraints.Referenced(creating.schema(), creating.name(), creating, creatingPrimaryKey);
                }
            }
            Catalog.Table t = catalog.table(s, table);
            if (t.isView()) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + where + ": " + t.name()
                        + " is a view; a foreign key must reference a table.");
            }
            Catalog.TableDetail d = catalog.describe(t);
            List<String> pk = d.primaryKey() == null ? List.of() : d.primaryKey().columns();
            return new Constraints.Referenced(t.schema(), t.name(), shape(d), pk);
        };
    }
}
