package io.xugumcp.plugin.ddl;

import io.xugumcp.api.Arguments;
import io.xugumcp.api.JsonSchema;
import io.xugumcp.api.Permission;
import io.xugumcp.api.PluginContext;
import io.xugumcp.api.Tool;
import io.xugumcp.api.ToolAnnotations;
import io.xugumcp.api.ToolCall;
import io.xugumcp.api.ToolGroup;
import io.xugumcp.api.ToolResult;
import io.xugumcp.api.write.Change;
import io.xugumcp.api.write.TableRef;
import io.xugumcp.api.write.WriteOptions;
import io.xugumcp.api.write.WriteResult;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.pf4j.Extension;

/**
 * The twelve DDL tools of the earlier server, with its names and parameters kept: databases, schemas, tables (create,
 * alter, drop, back up), indexes and views. Each builds its exact statements from the dialect's quoting and type
 * checks and the catalog's names, then hands them to the host's write path ({@code call.writes()}), which runs each
 * through the SQL guard, the caller's permissions and the audit trail, previews without running on {@code dry_run},
 * asks for confirmation of drops and destructive alters (token or elicitation, plus {@code confirm_name}), and drops
 * the catalog cache afterwards.
 */
@Extension
public final class DdlTools implements ToolGroup {
    private final Ctx.Settings settings;
    private final Clock clock;
    /** For counts that include objects the caller may not read; null in tests without a host. */
    private final PluginContext context;

    public DdlTools(PluginContext context) {
        this(settings(context), Clock.systemDefaultZone(), context);
    }

    DdlTools(Ctx.Settings settings, Clock clock) {
        this(settings, clock, null);
    }

    private DdlTools(Ctx.Settings settings, Clock clock, PluginContext context) {
        this.settings = settings;
        this.clock = clock;
        this.context = context;
    }

    private static Ctx.Settings settings(PluginContext context) {
        if (context == null) {
            return Ctx.Settings.DEFAULTS;
        }
        return new Ctx.Settings(context.config().getBoolean("allow-drop-database", false),
                context.config().getInt("exact-count-below", (int) Ctx.Settings.DEFAULTS.exactCountBelow()));
    }

    @Override
    public List<Tool> tools() {
        return List.of(
                tool("create_database", "Create a database", "Create a database (XuguDB; PostgreSQL in its own form). H2"
                        + " has none: use create_schema. Needs the ADMIN permission and the database's own administrator"
                        + " rights.", Permission.ADMIN, ToolAnnotations.WRITE, object()
                        .property("database_name", JsonSchema.string("Name of the new database"))
                        .property("if_not_exists", JsonSchema.bool("Do nothing when it exists (XuguDB)"))
                        .property("character_set", JsonSchema.string("XuguDB: UTF8, GBK, GB18030 or BINARY"))
                        .property("time_zone", JsonSchema.string("XuguDB: e.g. GMT+08:00"))
                        .required("database_name"), DatabaseStatements::create),
                tool("drop_database", "Drop a database", "Drop a whole database with everything in it. Off unless the"
                        + " operator enabled it (plugins.ddl.allow-drop-database), whatever the role; never the database"
                        + " this server uses. Needs confirmation: call once to get a token, show the person, call again"
                        + " with confirm_token and confirm_name.", Permission.ADMIN, ToolAnnotations.DESTRUCTIVE, withConfirmation(object())
                        .property("database_name", JsonSchema.string("Name of the database to drop"))
                        .property("if_exists", JsonSchema.bool("Do nothing when it does not exist (where the database"
                                + " supports it)"))
                        .property("cascade", JsonSchema.bool("Ignored: a database always goes with everything in it"))
                        .required("database_name"), DatabaseStatements::drop),
                tool("create_schema", "Create a schema", "Create a schema (a namespace for tables), optionally with a"
                        + " comment.", Permission.CREATE, ToolAnnotations.WRITE, object()
                        .property("schema_name", JsonSchema.string("Name of the new schema; plain names are folded as"
                                + " the database does, \"Quoted\" names kept exactly"))
                        .property("if_not_exists", JsonSchema.bool("Do nothing when it exists"))
                        .property("comment", JsonSchema.string("A comment (Chinese welcome)"))
                        .required("schema_name"), SchemaStatements::create),
                tool("drop_schema", "Drop a schema", "Drop a schema; with cascade=true also every table and view in it."
                        + " The preview lists what is inside. Needs confirmation (confirm_token and confirm_name).",
                        Permission.DROP, ToolAnnotations.DESTRUCTIVE, withConfirmation(object())
                        .property("schema_name", JsonSchema.string("The schema to drop"))
                        .property("if_exists", JsonSchema.bool("Do nothing when it does not exist"))
                        .property("cascade", JsonSchema.bool("Also drop everything in it"))
                        .required("schema_name"), SchemaStatements::drop),
                tool("create_table", "Create a table", "Create a table. 'columns' is either {\"name\": \"TYPE\"} or a"
                        + " list of column objects (name, type, nullable, default, identity, primary_key, unique, comment,"
                        + " references). Types are checked against the database's own (XuguDB has no UNSIGNED, ENUM or"
                        + " YEAR). Table constraints: primary_key, unique, foreign_key (references, on_delete, on_update),"
                        + " check (expression over the table's columns). Comments may be Chinese.",
                        Permission.CREATE, ToolAnnotations.WRITE, schemaScoped()
                        .property("table_name", JsonSchema.string("Name of the new table (or schema.table)"))
                        .property("columns", columnsSchema())
                        .property("primary_key", JsonSchema.typed(List.of("string", "array"), "Primary key column(s)"))
                        .property("constraints", JsonSchema.array("Table constraints", constraintSchema()))
                        .property("comment", JsonSchema.string("Table comment"))
                        .property("if_not_exists", JsonSchema.bool("Do nothing when the table exists"))
                        .required("table_name", "columns"), CreateTable::plan),
                tool("drop_table", "Drop a table", "Drop a table. The preview shows its rows, the foreign keys of other"
                        + " tables that reference it and the views that name it. Needs confirmation (confirm_token and"
                        + " confirm_name); the developer role may drop only dev_* tables.", Permission.DROP,
                        ToolAnnotations.DESTRUCTIVE, confirmable()
                        .property("table_name", JsonSchema.string("The table to drop"))
                        .property("cascade", JsonSchema.bool("Also drop constraints and views that depend on it"))
                        .property("if_exists", JsonSchema.bool("Do nothing when it does not exist"))
                        .required("table_name"), DropTable::plan),
                tool("alter_table", "Change a table", "Change a table with operations applied in order: add_column,"
                        + " drop_column, alter_column (type, nullable, default, drop_default, comment, new_name),"
                        + " set_default, drop_default, set_not_null, drop_not_null, rename_column, rename_table,"
                        + " add_constraint, drop_constraint, set_comment. Either 'operations' ([{\"op\": \"add_column\","
                        + " \"name\": \"note\", \"type\": \"VARCHAR(200)\"}]) or the seed's 'action' (ADD_COLUMN,"
                        + " DROP_COLUMN, ALTER_COLUMN, RENAME_COLUMN, RENAME, ADD_CONSTRAINT, DROP_CONSTRAINT) with"
                        + " 'alterations'. Dropping a column or changing a type needs confirmation (confirm_token and"
                        + " confirm_name = the table's name).", Permission.ALTER, ToolAnnotations.DESTRUCTIVE, confirmable()
                        .property("table_name", JsonSchema.string("The table to change"))
                        .property("operations", JsonSchema.array("Operations, applied in order; each has 'op' and its"
                                + " fields", Map.of("type", "object", "properties", Map.of("op", JsonSchema.string(
                                        "add_column, drop_column, alter_column, set_default, drop_default, set_not_null,"
                                        + " drop_not_null, rename_column, rename_table, add_constraint, drop_constraint,"
                                        + " set_comment")), "required", List.of("op"))))
                        .property("action", JsonSchema.string("The seed's single action: ADD_COLUMN, DROP_COLUMN,"
                                + " ALTER_COLUMN, RENAME_COLUMN, RENAME, ADD_CONSTRAINT, DROP_CONSTRAINT"))
                        .property("alterations", JsonSchema.typed("object", "The action's fields, e.g. {\"name\":"
                                + " \"note\", \"type\": \"VARCHAR(200)\"} or {\"note\": \"VARCHAR(200)\"}"))
                        .required("table_name"), AlterTable::plan),
                tool("create_index", "Create an index", "Create an index on columns of a table (\"col\" or \"col DESC\").",
                        Permission.CREATE, ToolAnnotations.WRITE, schemaScoped()
                        .property("index_name", JsonSchema.string("Name of the new index"))
                        .property("table_name", JsonSchema.string("The table"))
                        .property("columns", JsonSchema.typed(List.of("string", "array"), "Column(s), each \"name\" or"
                                + " \"name DESC\", or {\"name\", \"order\"}"))
                        .property("unique", JsonSchema.bool("A unique index"))
                        .property("if_not_exists", JsonSchema.bool("Do nothing when the table has an index of that name"))
                        .required("index_name", "table_name", "columns"), IndexStatements::create),
                tool("drop_index", "Drop an index", "Drop an index (XuguDB needs the table: give table_name, or the index"
                        + " is looked up in the schema). Keys' own indexes are dropped with alter_table drop_constraint."
                        + " Needs confirmation (confirm_token and confirm_name).", Permission.DROP,
                        ToolAnnotations.DESTRUCTIVE, confirmable()
                        .property("index_name", JsonSchema.string("The index to drop"))
                        .property("table_name", JsonSchema.string("Its table"))
                        .property("if_exists", JsonSchema.bool("Do nothing when it does not exist"))
                        .required("index_name"), IndexStatements::drop),
                tool("create_view", "Create a view", "Create a view from one SELECT that you may run (checked by the SQL"
                        + " guard and explained, never executed). or_replace=true replaces an existing view, which needs"
                        + " confirmation.", Permission.CREATE, ToolAnnotations.WRITE, confirmable()
                        .property("view_name", JsonSchema.string("Name of the view (or schema.view)"))
                        .property("select_statement", JsonSchema.string("One SELECT (or WITH … SELECT)"))
                        .property("columns", JsonSchema.array("Names for the view's columns", Map.of("type", "string")))
                        .property("or_replace", JsonSchema.bool("Replace the view if it exists"))
                        .property("if_not_exists", JsonSchema.bool("Do nothing when the view exists"))
                        .property("comment", JsonSchema.string("A comment"))
                        .required("view_name", "select_statement"), ViewStatements::create),
                tool("drop_view", "Drop a view", "Drop a view. Needs confirmation (confirm_token and confirm_name).",
                        Permission.DROP, ToolAnnotations.DESTRUCTIVE, confirmable()
                        .property("view_name", JsonSchema.string("The view to drop"))
                        .property("cascade", JsonSchema.bool("Also drop views that depend on it"))
                        .property("if_exists", JsonSchema.bool("Do nothing when it does not exist"))
                        .required("view_name"), ViewStatements::drop),
                tool("backup_table", "Back a table up", "Copy a table into backup_name (default <table>_bak_<yyyyMMddHHmmss>)"
                        + " with its columns, NOT NULL, defaults, primary and unique keys, check constraints, data, indexes"
                        + " and comments, and say what could not be copied (foreign keys, identity generation …).",
                        Permission.CREATE, ToolAnnotations.WRITE, schemaScoped()
                        .property("table_name", JsonSchema.string("The table to copy"))
                        .property("backup_name", JsonSchema.string("Name of the copy"))
                        .property("with_data", JsonSchema.bool("Copy the rows too (default true)"))
                        .required("table_name"), BackupTable::plan));
    }

    // ------------------------------------------------------------------------------------------------ running

    private Tool tool(String name, String title, String description, Permission permission, ToolAnnotations annotations,
                      JsonSchema input, BiFunction<Ctx, Arguments, Plan> planner) {
        return Tool.builder(name)
                .title(title)
                .description(description)
                .inputSchema(input.build())
                .outputSchema(Results.OUTPUT_SCHEMA)
                .annotations(annotations)
                .permission(permission)
                .handler(call -> run(call, planner))
                .build();
    }

    ToolResult run(ToolCall call, BiFunction<Ctx, Arguments, Plan> planner) {
        Ctx ctx = new Ctx(call.catalog(), context == null ? call.catalog() : context.catalog(), call.database(), clock,
                settings, call::security, call.caller().role());
        Arguments args = call.arguments();
        Plan p = planner.apply(ctx, args);
        if (p.statements().isEmpty()) {
            return Results.unchanged(p, ctx.catalog);
        }
        TableRef table = p.table() == null ? null : new TableRef(p.schema(), p.table());
        Change.SchemaChange change = new Change.SchemaChange(p.objectType(), p.objectName(), table, p.statements(),
                p.destructive(), p.impact());
        WriteOptions options = new WriteOptions(args.bool("dry_run", false),
                args.optionalString("confirm_token").orElse(null), args.optionalString("confirm_name").orElse(null), 0, 0);
        WriteResult r = call.writes().apply(change, options);
        return Results.of(p, r, ctx.catalog, call.toolName());
    }

    // ------------------------------------------------------------------------------------------------ schemas

    private static JsonSchema object() {
        return JsonSchema.object()
                .property("dry_run", JsonSchema.bool("Preview: the exact statements and what they affect; nothing runs"));
    }

    private static JsonSchema schemaScoped() {
        return object().property("schema", JsonSchema.string("Schema (default: the current one)"));
    }

    private static JsonSchema confirmable() {
        return withConfirmation(schemaScoped());
    }

    private static JsonSchema withConfirmation(JsonSchema s) {
        return s
                .property("confirm_token", JsonSchema.string("Token from this call's preview or confirmation_required"
                        + " answer"))
                .property("confirm_name", JsonSchema.string("The object's name, as the person typed it"));
    }

    private static Map<String, Object> columnsSchema() {
        Map<String, Object> column = new LinkedHashMap<>();
        column.put("type", "object");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("name", JsonSchema.string("Column name"));
        props.put("type", JsonSchema.string("Type, e.g. VARCHAR(50), INTEGER, NUMERIC(12,2)"));
        props.put("nullable", JsonSchema.bool("Allows NULL (default true)"));
        props.put("default", JsonSchema.any("Default value: a string, number, boolean or null, or CURRENT_TIMESTAMP"));
        props.put("identity", JsonSchema.bool("The database generates the values (integer types)"));
        props.put("primary_key", JsonSchema.bool("Part of the primary key"));
        props.put("unique", JsonSchema.bool("Values must be unique"));
        props.put("comment", JsonSchema.string("Column comment"));
        props.put("references", JsonSchema.typed(List.of("string", "object"), "A foreign key: \"table\" or {table,"
                + " column, on_delete, on_update}"));
        column.put("properties", props);
        column.put("required", List.of("name", "type"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", List.of("object", "array"));
        m.put("description", "{\"name\": \"TYPE\"} or a list of column objects");
        m.put("items", column);
        return m;
    }

    private static Map<String, Object> constraintSchema() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("type", JsonSchema.string("primary_key, unique, foreign_key or check"));
        props.put("name", JsonSchema.string("Constraint name (optional)"));
        props.put("columns", JsonSchema.array("Columns", Map.of("type", "string")));
        props.put("references", JsonSchema.typed(List.of("string", "object"), "foreign_key: {table, columns, schema}"));
        props.put("on_delete", JsonSchema.string("cascade, set_null, set_default, no_action or restrict"));
        props.put("on_update", JsonSchema.string("cascade, set_null, set_default, no_action or restrict"));
        props.put("expression", JsonSchema.string("check: a condition over the table's columns, e.g. price > 0"));
        return Map.of("type", "object", "properties", props, "required", List.of("type"));
    }
}
