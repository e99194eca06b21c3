package io.xugumcp.plugin.ddl;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A catalog of canned tables for dialects without a database in the tests (XuguDB); lookups as the host's. */
final class FakeCatalog implements Catalog {
    private final String current;
    private final Map<String, Map<String, TableDetail>> schemas = new LinkedHashMap<>();
    private final Map<String, List<Check>> checks = new LinkedHashMap<>();
    private final String database;

    FakeCatalog(String database, String current) {
        this.database = database;
        this.current = current;
        schemas.put(current, new LinkedHashMap<>());
    }

    FakeCatalog withSchema(String name) {
        schemas.putIfAbsent(name, new LinkedHashMap<>());
        return this;
    }

    FakeCatalog add(TableDetail d) {
        withSchema(d.table().schema());
        schemas.get(d.table().schema()).put(d.table().name(), d);
        return this;
    }

    FakeCatalog checks(String table, Check... c) {
        checks.put(table, List.of(c));
        return this;
    }

    @Override
    public List<Schema> schemas() {
        List<Schema> out = new ArrayList<>();
        schemas.forEach((n, t) -> out.add(new Schema(n, null, null, t.size(), n.startsWith("SYS"))));
        return out;
    }

    @Override
    public String currentSchema() {
        return current;
    }

    @Override
    public List<Table> tables(String schema) {
        return schemas.get(schemaName(schema)).values().stream().map(TableDetail::table).toList();
    }

    private String schemaName(String schema) {
        if (schema == null) {
            return current;
        }
        return schemas.keySet().stream().filter(k -> k.equalsIgnoreCase(schema)).findFirst()
                .orElseThrow(() -> new ToolException(ErrorCode.NOT_FOUND, "No such schema " + schema));
    }

    @Override
    public Table table(String schema, String name) {
        String s = schemaName(schema);
        String n = name.startsWith("\"") ? name.substring(1, name.length() - 1) : name;
        Map<String, TableDetail> t = schemas.get(s);
        if (t.containsKey(n)) {
            return t.get(n).table();
        }
        for (TableDetail d : t.values()) {
            if (d.table().name().equalsIgnoreCase(n)) {
                return d.table();
            }
        }
        throw new ToolException(ErrorCode.NOT_FOUND, "No such table '" + name + "' in schema " + s + ".");
    }

    @Override
    public TableDetail describe(Table table) {
        return schemas.get(table.schema()).get(table.name());
    }

    @Override
    public List<Check> checks(Table table) {
        return checks.getOrDefault(table.name(), List.of());
    }

    @Override
    public List<ColumnStats> columnStats(Table table) {
        return List.of();
    }

    @Override
    public long exactRowCount(Table table) {
        throw new ToolException(io.xugumcp.api.ErrorCode.UNSUPPORTED, "no counting in a canned catalog");
    }

    @Override
    public DatabaseInfo info() {
        return new DatabaseInfo("XuguDB", "12.0", database, current, "SYSDBA");
    }

    @Override
    public void refresh() {
    }
}
