package io.xugumcp.plugin.ddl;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code create_database} and {@code drop_database}, where the database has them (not H2, whose database is a file).
 * Dropping a database is off unless the operator enables it ({@code plugins.ddl.allow-drop-database}), whatever the
 * caller's role, and never the database this server is connected to.
 */
final class DatabaseStatements {
    /** [S] character sets XuguDB names in CREATE DATABASE; others are refused rather than guessed. */
    private static final Set<String> CHARSETS = Set.of("UTF8", "GBK", "GB18030", "BINARY");
    private static final Pattern TIME_ZONE = Pattern.compile("GMT[+-](0\\d|1[0-4]):[0-5]\\d");

    private DatabaseStatements() {
    }

    private static void requireSupport(Ctx ctx) {
        if (!ctx.dialect.capabilities().createDatabase()) {
            throw new ToolException(ErrorCode.UNSUPPORTED, "This database (" + ctx.dialect.name() + ") keeps one"
                    + " database per connection URL: there is no CREATE or DROP DATABASE here. Use create_schema to"
                    + " group tables.");
        }
    }

    static Plan create(Ctx ctx, Arguments args) {
        requireSupport(ctx);
        String name = Idents.newName(ctx.dialect, "database", args.requireString("database_name"));
        String current = ctx.catalog.info().database();
        if (name.equals(current) && args.bool("if_not_exists", false)) {
            return Plan.nothing("DATABASE", name, null, "Database " + name + " is the one this server is connected to;"
                    + " nothing was changed (if_not_exists).", null);
        }
        StringBuilder sql = new StringBuilder("CREATE DATABASE ");
        List<String> notes = new ArrayList<>();
        if (args.bool("if_not_exists", false)) {
            if (ctx.forms.databaseOptions()) {
                // [S] skills ddl.md §1.1; the vendor's DBeaver plugin does not write it.
                sql.append("IF NOT EXISTS ");
                notes.add("CREATE DATABASE IF NOT EXISTS is documented by community sources only for XuguDB.");
            } else {
                notes.add("This database has no CREATE DATABASE IF NOT EXISTS: the statement fails if the database"
                        + " exists, and nothing changes.");
            }
        }
        sql.append(ctx.forms.quote(name));
        String charset = args.optionalString("character_set").orElse(null);
        String timeZone = args.optionalString("time_zone").orElse(null);
        if ((charset != null || timeZone != null) && !ctx.forms.databaseOptions()) {
            throw new ToolException(ErrorCode.UNSUPPORTED, "character_set and time_zone are XuguDB options of CREATE"
                    + " DATABASE; leave them out here.");
        }
        if (charset != null) {
            String c = charset.strip().toUpperCase(Locale.ROOT).replace("-", "");
            if (!CHARSETS.contains(c)) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument 'character_set' must be one of "
                        + String.join(", ", CHARSETS.stream().sorted().toList()) + ".");
            }
            sql.append(" CHARACTER SET '").append(c).append('\'');
        } else if (ctx.forms.databaseOptions()) {
            notes.add("Without character_set XuguDB uses its def_charset (often GBK); pass character_set=UTF8 for Unicode text.");
        }
        if (timeZone != null) {
            String tz = timeZone.strip().toUpperCase(Locale.ROOT);
            if (!TIME_ZONE.matcher(tz).matches()) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument 'time_zone' must look like GMT+08:00.");
            }
            sql.append(" TIME ZONE '").append(tz).append('\'');
        }
        notes.add("Creating a database needs the database's administrator rights (on XuguDB: SYSDBA connected to SYSTEM).");
        return new Plan("DATABASE", name, null, null, List.of(sql.toString()), false, Map.of(), notes, null, null, Map.of());
    }

    static Plan drop(Ctx ctx, Arguments args) {
        if (!ctx.settings.allowDropDatabase()) {
            throw new ToolException(ErrorCode.DENIED, "drop_database is turned off on this server, whatever the role: the"
                    + " operator enables it with plugins.ddl.allow-drop-database = true (or XUGU_MCP_DDL_ALLOW_DROP_DATABASE=true)"
                    + " and a restart.");
        }
        requireSupport(ctx);
        String name = Idents.newName(ctx.dialect, "database", args.requireString("database_name"));
        String current = ctx.catalog.info().database();
        if (current != null && name.equalsIgnoreCase(current)) {
            throw new ToolException(ErrorCode.DENIED, "Database " + name + " is the one this server is connected to; it"
                    + " cannot be dropped from here.");
        }
        if (name.equalsIgnoreCase("SYSTEM") && ctx.forms.databaseOptions()) {
            throw new ToolException(ErrorCode.DENIED, "SYSTEM is XuguDB's system database; it is never dropped.");
        }
        List<String> notes = new ArrayList<>();
        StringBuilder sql = new StringBuilder("DROP DATABASE ");
        if (args.bool("if_exists", false)) {
            if (ctx.forms.dropDatabaseIfExists()) {
                sql.append("IF EXISTS ");
            } else {
                notes.add("This database's DROP DATABASE has no IF EXISTS: the statement fails if there is no such"
                        + " database, and nothing changes.");
            }
        }
        sql.append(ctx.forms.quote(name));
        if (args.bool("cascade", false)) {
            notes.add("cascade is ignored: dropping a database always drops everything in it.");
        }
        Map<String, Object> impact = new LinkedHashMap<>();
        impact.put("database", name);
        impact.put("everythingInIt", true);
        notes.add("This server's catalog cannot look inside another database: every schema, table and row in " + name
                + " is lost, and no database can roll it back.");
        return new Plan("DATABASE", name, null, null, List.of(sql.toString()), true, impact, notes, null, null, Map.of());
    }
}
