package io.xugumcp.plugin.schema;

import io.xugumcp.api.JsonSchema;
import java.util.List;
import java.util.Map;

/**
 * The output schemas of the schema tools. They describe the structured answers closely enough for a client to rely
 * on them, and stay short: they are part of every {@code tools/list} answer.
 */
final class OutputSchemas {
    private static final Map<String, Object> STRINGS = Map.of("type", "array", "items", Map.of("type", "string"));
    private static final Map<String, Object> OBJECTS = Map.of("type", "array", "items", Map.of("type", "object"));
    private static final Map<String, Object> INT = Map.of("type", "integer");
    private static final Map<String, Object> STR = Map.of("type", "string");
    private static final Map<String, Object> CURSOR = JsonSchema.typed(List.of("string", "null"),
            "For the next page; null on the last");

    private OutputSchemas() {
    }

    private static JsonSchema paged() {
        return JsonSchema.object()
                .property("schema", STR)
                .property("total", JsonSchema.typed("integer", "Items on all pages"))
                .property("offset", INT)
                .property("nextCursor", CURSOR);
    }

    static final Map<String, Object> LIST_TABLES = paged()
            .property("detail", STR)
            .property("tables", JsonSchema.array("names: strings; summary: {name,type,comment,rows,columnCount};"
                    + " full: also columns, primaryKey, foreignKeys", Map.of("type", List.of("string", "object"))))
            .required("schema", "total", "tables", "nextCursor")
            .build();

    static final Map<String, Object> DESCRIBE = JsonSchema.object()
            .property("schema", STR)
            .property("name", STR)
            .property("type", STR)
            .property("comment", STR)
            .property("rows", JsonSchema.typed("integer", "Row estimate"))
            .property("columns", OBJECTS)
            .property("primaryKey", Map.of("type", "object"))
            .property("uniqueKeys", OBJECTS)
            .property("foreignKeys", OBJECTS)
            .property("referencedBy", OBJECTS)
            .property("indexes", OBJECTS)
            .property("definition", JsonSchema.string("The SELECT of a view"))
            .required("schema", "name", "type", "columns", "foreignKeys", "referencedBy", "indexes")
            .build();

    static final Map<String, Object> LIST_COLUMNS = JsonSchema.object()
            .property("schema", STR)
            .property("table", STR)
            .property("detail", STR)
            .property("columns", JsonSchema.array("names: strings; else {name,type,nullable,primaryKey,identity,default,comment}",
                    Map.of("type", List.of("string", "object"))))
            .required("schema", "table", "columns")
            .build();

    static final Map<String, Object> TABLE_STATS = JsonSchema.object()
            .property("schema", STR)
            .property("table", STR)
            .property("rowEstimate", JsonSchema.typed(List.of("integer", "null"), "The catalog's estimate (cheap)"))
            .property("exactRowCount", JsonSchema.typed(List.of("integer", "null"), "COUNT(*), only when exact_count was true"))
            .property("columns", JsonSchema.array("Per-column statistics the database keeps", Map.of("type", "object")))
            .property("note", STR)
            .required("schema", "table", "rowEstimate", "columns")
            .build();

    static final Map<String, Object> LIST_INDEXES = paged()
            .property("table", STR)
            .property("indexes", JsonSchema.array("{table,name,columns,unique,primary,type,filter}", Map.of("type", "object")))
            .required("schema", "total", "indexes", "nextCursor")
            .build();

    static final Map<String, Object> FOREIGN_KEYS = paged()
            .property("table", STR)
            .property("outgoing", JsonSchema.array("Keys of this table (or schema) pointing at other tables", Map.of("type", "object")))
            .property("incoming", JsonSchema.array("Keys of other tables pointing at this table", Map.of("type", "object")))
            .required("schema", "total", "outgoing", "incoming", "nextCursor")
            .build();

    static final Map<String, Object> SEARCH = paged()
            .property("query", STR)
            .property("results", JsonSchema.array("Best first: {name,type,comment,score,matches,…}", Map.of("type", "object")))
            .required("schema", "query", "total", "results", "nextCursor")
            .build();

    static final Map<String, Object> LIST_VIEWS = paged()
            .property("detail", STR)
            .property("views", JsonSchema.array("names: strings; summary: {name,comment,columnCount}; full: also definition, columns",
                    Map.of("type", List.of("string", "object"))))
            .required("schema", "total", "views", "nextCursor")
            .build();

    static final Map<String, Object> DATABASE_INFO = JsonSchema.object()
            .property("product", STR)
            .property("version", STR)
            .property("database", STR)
            .property("schema", JsonSchema.string("The current schema: the default of every tool here"))
            .property("user", STR)
            .property("dialect", STR)
            .property("sqlRules", STRINGS)
            .property("schemaCount", INT)
            .property("schemas", JsonSchema.array("{name,tables,comment,owner,system}", Map.of("type", "object")))
            .required("product", "version", "schema", "user", "dialect", "sqlRules", "schemas")
            .build();
}
