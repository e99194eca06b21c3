package io.xugumcp.plugin.schema;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.Dialect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What get_database_info and the info resources say: the database, the session, the schemas and the SQL rules. */
final class DatabaseInfo {

    private DatabaseInfo() {
    }

    static Map<String, Object> map(Catalog catalog, Dialect dialect, boolean includeSystem, int maxSchemas) {
        Catalog.DatabaseInfo info = catalog.info();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("product", info.product());
        out.put("version", info.version());
        Shapes.putIfPresent(out, "database", info.database());
        out.put("schema", info.schema());
        out.put("user", info.user());
        out.put("dialect", dialect.name());
        out.put("sqlRules", dialect.sqlRules());
        List<Catalog.Schema> visible = new ArrayList<>();
        for (Catalog.Schema s : catalog.schemas()) {
            if (includeSystem || !s.system()) {
                visible.add(s);
            }
        }
        out.put("schemaCount", visible.size());
        List<Map<String, Object>> schemas = new ArrayList<>();
        for (Catalog.Schema s : visible.subList(0, Math.min(maxSchemas, visible.size()))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            if (s.tableCount() >= 0) {
                m.put("tables", s.tableCount());
            }
            Shapes.putIfPresent(m, "comment", s.comment());
            Shapes.putIfPresent(m, "owner", s.owner());
            if (s.system()) {
                m.put("system", true);
            }
            schemas.add(m);
        }
        out.put("schemas", schemas);
        return out;
    }

    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder();
        sb.append(m.get("product")).append(' ').append(m.get("version"));
        if (m.get("database") != null) {
            sb.append(", database ").append(m.get("database"));
        }
        sb.append(", current schema ").append(m.get("schema")).append(", user ").append(m.get("user"))
                .append(" (").append(m.get("dialect")).append(" dialect)\nSQL rules:");
        for (String r : (List<String>) m.get("sqlRules")) {
            sb.append("\n- ").append(r);
        }
        List<Map<String, Object>> schemas = (List<Map<String, Object>>) m.get("schemas");
        sb.append("\nSchemas (").append(m.get("schemaCount")).append("):");
        for (Map<String, Object> s : schemas) {
            sb.append("\n- ").append(s.get("name"));
            if (s.get("tables") != null) {
                sb.append(": ").append(s.get("tables")).append(" tables/views");
            }
            if (s.get("comment") != null) {
                sb.append(" – ").append(Shapes.oneLine((String) s.get("comment")));
            }
        }
        int more = (Integer) m.get("schemaCount") - schemas.size();
        if (more > 0) {
            sb.append("\n… and ").append(more).append(" more");
        }
        return sb.toString();
    }
}
