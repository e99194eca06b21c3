package io.xugumcp.plugin.ddl;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.Catalog;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code backup_table}: a copy of a table built from what the catalog says about it – columns with types, NOT NULL
 * and defaults, the primary key, unique keys, check constraints, the data, the indexes and the comments – and a list
 * of what could not be copied and why. {@code CREATE TABLE … AS SELECT} would copy columns and rows only.
 *
 * <p>Deliberately not copied: foreign keys (a backup should not tie other tables' rows), identity generation (the
 * values are copied; a backup does not make new ones) and defaults drawing on the original's sequences.
 */
final class BackupTable {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);
    /** A type as a catalog may spell one the dialect's type list does not know (user-defined, qualified). */
    private static final Pattern CATALOG_TYPE = Pattern.compile("[A-Za-z_][A-Za-z0-9_ ,.()\\[\\]\"]*");
    /** Index types that are the ordinary B-tree under another name ({@code INDEX} etc. are H2's labels). */
    private static final Set<String> PLAIN_INDEX_TYPES = Set.of("BTREE", "INDEX", "UNIQUE INDEX", "PRIMARY KEY");

    private BackupTable() {
    }

    static Plan plan(Ctx ctx, Arguments args) {
        Catalog.Table t = ctx.table(args.optionalString("schema").orElse(null), args.requireString("table_name"));
        if (t.isView()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, t.name() + " is a view; backup_table copies tables. Its"
                    + " definition is shown by describe_table.");
        }
        Catalog.TableDetail d = ctx.describe(t);
        String backup = backupName(ctx, t, args.optionalString("backup_name").orElse(null));
        if (ctx.existing(t.schema(), backup) != null) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Schema " + t.schema() + " already has a table or view"
                    + " named " + Idents.show(backup) + ". Choose another backup_name.");
        }
        boolean withData = args.bool("with_data", true);
        String source = ctx.forms.qualify(t.schema(), t.name());
        String target = ctx.forms.qualify(t.schema(), backup);
        List<String> notCopied = new ArrayList<>();
        Map<String, Object> copied = new LinkedHashMap<>();

        List<String> parts = new ArrayList<>();
        List<String> columnNames = new ArrayList<>();
        int defaults = 0;
        for (Catalog.Column c : d.columns()) {
            StringBuilder def = new StringBuilder(ctx.forms.quote(c.name())).append(' ').append(type(ctx, c));
            if (!c.nullable()) {
                def.append(" NOT NULL");
            }
            String dv = c.defaultValue();
            if (c.identity()) {
                notCopied.add("identity of column " + c.name() + ": its values are copied, the backup does not generate"
                        + " new ones");
            } else if (dv != null && dv.strip().toUpperCase(Locale.ROOT).startsWith("GENERATED")) {
                notCopied.add("generation of column " + c.name() + " (" + dv + "): copied as plain values");
            } else if (dv != null && dv.toLowerCase(Locale.ROOT).contains("nextval(")) {
                notCopied.add("default of column " + c.name() + " (" + dv + "): it draws on the original's sequence");
            } else if (dv != null && !dv.isBlank()) {
                def.append(" DEFAULT ").append(dv);
                defaults++;
            }
            parts.add(def.toString());
            columnNames.add(c.name());
        }
        copied.put("columns", columnNames.size());
        copied.put("notNull", d.columns().stream().filter(c -> !c.nullable()).count());
        copied.put("defaults", defaults);
        if (d.primaryKey() != null) {
            parts.add("PRIMARY KEY " + Constraints.list(d.primaryKey().columns(), ctx.forms));
            copied.put("primaryKey", d.primaryKey().columns());
        }
        List<List<String>> uniqueColumns = new ArrayList<>();
        for (Catalog.Key k : d.uniqueKeys()) {
            parts.add("UNIQUE " + Constraints.list(k.columns(), ctx.forms));
            uniqueColumns.add(k.columns());
        }
        copied.put("uniqueKeys", uniqueColumns.size());
        int checks = 0;
        try {
            for (Catalog.Check c : ctx.catalog.checks(t)) {
                parts.add("CHECK (" + c.expression() + ")");
                checks++;
            }
        } catch (UnsupportedOperationException e) {
            notCopied.add("check constraints: this server cannot read them from the catalog");
        } catch (ToolException e) {
            notCopied.add("check constraints: reading them from the catalog failed (" + e.getMessage() + ")");
        }
        copied.put("checks", checks);
        if (!d.foreignKeys().isEmpty()) {
            notCopied.add("foreign keys (" + String.join(", ", d.foreignKeys().stream()
                    .map(f -> f.name() == null ? "(" + String.join(",", f.columns()) + ")" : f.name()).toList())
                    + "): a backup does not tie rows of other tables");
        }

        List<String> statements = new ArrayList<>();
        statements.add("CREATE TABLE " + target + " (" + String.join(", ", parts) + ")");
        if (withData) {
            String cols = Constraints.list(columnNames, ctx.forms);
            statements.add("INSERT INTO " + target + " " + cols + " SELECT " + cols.substring(1, cols.length() - 1)
                    + " FROM " + source);
        }
        int indexes = 0;
        Set<String> indexNames = new HashSet<>();
        for (Catalog.Index i : d.indexes()) {
            if (i.primary() || i.unique() && (uniqueColumns.contains(plainColumns(i)) || isKeyName(d, i.name()))) {
                continue; // made by the PRIMARY KEY / UNIQUE constraints above
            }
            if (i.filter() != null) {
                notCopied.add("index " + i.name() + ": partial (WHERE " + i.filter() + ")");
                continue;
            }
            List<String> keys = new ArrayList<>();
            boolean expression = false;
            for (String entry : i.columns()) {
                String key = indexKey(ctx, d, entry);
                if (key == null) {
                    expression = true;
                    break;
                }
                keys.add(key);
            }
            if (expression || keys.isEmpty()) {
                notCopied.add("index " + i.name() + ": on an expression (" + String.join(", ", i.columns()) + ")");
                continue;
            }
            if (i.type() != null && !PLAIN_INDEX_TYPES.contains(i.type().toUpperCase(Locale.ROOT))) {
                notCopied.add("index type of " + i.name() + " (" + i.type() + "): copied as an ordinary index");
            }
            String name = indexName(ctx, backup, i.name(), indexNames);
            statements.add("CREATE " + (i.unique() ? "UNIQUE " : "") + "INDEX " + ctx.forms.quote(name) + " ON " + target
                    + " (" + String.join(", ", keys) + ")");
            indexes++;
        }
        copied.put("indexes", indexes);
        int comments = 0;
        if (t.comment() != null && !t.comment().isEmpty()) {
            statements.add("COMMENT ON TABLE " + target + " IS " + ctx.forms.literal(t.comment(), "the table comment"));
            comments++;
        }
        for (Catalog.Column c : d.columns()) {
            if (c.comment() != null && !c.comment().isEmpty()) {
                statements.add("COMMENT ON COLUMN " + target + "." + ctx.forms.quote(c.name()) + " IS "
                        + ctx.forms.literal(c.comment(), "the comment of " + c.name()));
                comments++;
            }
        }
        copied.put("comments", comments);
        copied.put("data", withData);

        Map<String, Object> impact = new LinkedHashMap<>();
        if (withData) {
            Impact.rows(ctx, t, impact);
        }
        List<String> notes = new ArrayList<>();
        if (!ctx.dialect.capabilities().transactionalDdl()) {
            notes.add("This database commits each statement at once: if a later statement fails, " + backup
                    + " stays with what was copied so far (drop it with drop_table).");
        }
        if (ctx.dialect.capabilities().nativeTableBackup()) {
            notes.add("XuguDB also has BACKUP TABLE … TO '<server file>', which this server does not send: the SQL guard"
                    + " does not classify it, and the file lives on the database server.");
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("backupName", backup);
        extra.put("copied", copied);
        extra.put("notCopied", notCopied);
        return new Plan("TABLE", backup, t.schema(), t.name(), statements, false, impact, notes,
                Plan.After.table(t.schema(), backup), null, extra);
    }

    /** The given name, or {@code <table>_bak_<yyyyMMddHHmmss>} in the table name's case, within the length limit. */
    static String backupName(Ctx ctx, Catalog.Table t, String given) {
        if (given != null && !given.isBlank()) {
            return Idents.newName(ctx.dialect, "backup table", given);
        }
        String suffix = "_bak_" + LocalDateTime.now(ctx.clock).format(STAMP);
        if (Idents.isFolded(ctx.dialect, t.name())) {
            suffix = ctx.dialect.foldIdentifier(suffix);
        }
        return Idents.fit(ctx.dialect, t.name(), suffix);
    }

    /** The column's type for the copy: the dialect's reading of it, or the catalog's own spelling of a type it names. */
    private static String type(Ctx ctx, Catalog.Column c) {
        try {
            return ctx.dialect.checkType(c.type());
        } catch (ToolException e) {
            if (CATALOG_TYPE.matcher(c.type()).matches() && c.type().chars().filter(ch -> ch == '"').count() % 2 == 0) {
                return c.type();
            }
            throw new ToolException(ErrorCode.UNSUPPORTED, "Column " + c.name() + " has the type " + Idents.show(c.type())
                    + ", which this server cannot restate safely; the table is not backed up. Copy it with a"
                    + " database tool.");
        }
    }

    /** An index entry as a key of the copy ({@code "A"} or {@code "A" DESC}), or {@code null} for an expression. */
    private static String indexKey(Ctx ctx, Catalog.TableDetail d, String entry) {
        String e = entry.strip();
        String order = "";
        String upper = e.toUpperCase(Locale.ROOT);
        if (upper.endsWith(" DESC")) {
            order = " DESC";
            e = e.substring(0, e.length() - 5).strip();
        } else if (upper.endsWith(" ASC")) {
            e = e.substring(0, e.length() - 4).strip();
        }
        String name = e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")
                ? e.substring(1, e.length() - 1).replace("\"\"", "\"") : e;
        for (Catalog.Column c : d.columns()) {
            if (c.name().equals(name)) {
                return ctx.forms.quote(c.name()) + order;
            }
        }
        return null;
    }

    private static List<String> plainColumns(Catalog.Index i) {
        return i.columns().stream().map(c -> c.replaceAll("(?i)\\s+ASC$", "")).toList();
    }

    private static boolean isKeyName(Catalog.TableDetail d, String name) {
        return d.uniqueKeys().stream().anyMatch(k -> name.equals(k.name()));
    }

    /** {@code <backup>_<index>}, shortened to fit; numbered when shortening makes two alike. */
    private static String indexName(Ctx ctx, String backup, String original, Set<String> taken) {
        String name = Idents.fit(ctx.dialect, backup + "_" + original, "");
        int n = 2;
        while (!taken.add(name)) {
            name = Idents.fit(ctx.dialect, backup + "_" + original, "_" + n++);
        }
        return name;
    }
}
