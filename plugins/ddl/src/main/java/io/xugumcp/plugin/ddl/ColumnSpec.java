package io.xugumcp.plugin.ddl;

import io.xugumcp.api.Dialect;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One column definition as a caller gave it, checked: the name folded and validated, the type read by the dialect.
 * Accepts the seed's {@code {name: type}} map and a list of column objects.
 *
 * @param defaultValue the JSON value of the default (rendered by {@link Defaults}); meaningful when {@code hasDefault}
 * @param references   a column-level foreign key ({@code {table, column, on_delete}}), or {@code null}
 */
record ColumnSpec(String name, String type, boolean notNull, boolean hasDefault, Object defaultValue, boolean identity,
                  boolean primaryKey, boolean unique, String comment, Object references, String path) {

    static final Set<String> KEYS = Set.of("name", "type", "nullable", "not_null", "default", "identity",
            "auto_increment", "primary_key", "unique", "comment", "references");

    /** Integer types an identity may have. */
    private static final Set<String> IDENTITY_TYPES = Set.of("TINYINT", "SMALLINT", "INTEGER", "INT", "BIGINT", "INT2",
            "INT4", "INT8", "NUMERIC", "DECIMAL");

    /** The seed's map ({@code {"id": "INTEGER"}} or {@code {"id": {"type": …}}}) or a list of column objects. */
    static List<ColumnSpec> parseAll(Object arg, Dialect dialect, String path) {
        List<ColumnSpec> out = new ArrayList<>();
        if (arg instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + path + " must define at least one column.");
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String name = String.valueOf(e.getKey());
                String p = path + "." + name;
                if (e.getValue() instanceof String type) {
                    out.add(parse(new Fields(Map.of("type", type), p), name, dialect));
                } else {
                    Fields f = Fields.of(e.getValue(), p);
                    if (f.has("name")) {
                        throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + p + ": the map key is the"
                                + " column's name; leave out 'name' (or send columns as a list).");
                    }
                    out.add(parse(f, name, dialect));
                }
            }
        } else if (arg instanceof List<?> l) {
            if (l.isEmpty()) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + path + " must define at least one column.");
            }
            for (int i = 0; i < l.size(); i++) {
                out.add(parse(Fields.of(l.get(i), path + "[" + i + "]"), null, dialect));
            }
        } else {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + path + " must be an object mapping column"
                    + " names to types ({\"id\": \"INTEGER\"}) or an array of column objects ({\"name\": \"id\","
                    + " \"type\": \"INTEGER\", …}).");
        }
        Set<String> seen = new java.util.HashSet<>();
        for (ColumnSpec c : out) {
            if (!seen.add(c.name())) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + path + " defines the column "
                        + Idents.show(c.name()) + " twice.");
            }
        }
        return out;
    }

    /** One column object; {@code name} given when it is the key of the seed's map. */
    static ColumnSpec parse(Fields f, String name, Dialect dialect) {
        f.only(KEYS);
        String raw = name != null ? name : f.requireString("name");
        String exact = Idents.newName(dialect, "column", raw);
        String typeText = f.string("type");
        if (typeText == null || typeText.isBlank()) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + f.path("type") + " is required, e.g."
                    + " VARCHAR(50). Types " + dialect.name() + " accepts: " + String.join(", ", dialect.typeNames()) + ".");
        }
        String type = dialect.checkType(typeText);
        boolean identity = f.bool("identity", false) || f.bool("auto_increment", false);
        boolean primaryKey = f.bool("primary_key", false);
        Boolean nullable = f.bool("nullable");
        Boolean notNullFlag = f.bool("not_null");
        if (nullable != null && notNullFlag != null && nullable == notNullFlag) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Arguments " + f.path("nullable") + " and "
                    + f.path("not_null") + " contradict each other; send one of them.");
        }
        boolean notNull = notNullFlag != null ? notNullFlag : nullable != null && !nullable;
        if ((primaryKey || identity) && nullable != null && nullable) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + f.path("nullable") + ": a "
                    + (primaryKey ? "primary key" : "identity") + " column cannot be nullable.");
        }
        if (identity) {
            String base = type.replaceAll("\\(.*", "");
            if (!IDENTITY_TYPES.contains(base)) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + f.path("identity") + ": an identity"
                        + " column needs an integer type (INTEGER, BIGINT …), not " + type + ".");
            }
            if (f.contains("default")) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Argument " + f.path("default") + ": an identity"
                        + " column generates its values; leave out the default.");
            }
        }
        String comment = f.string("comment");
        return new ColumnSpec(exact, type, notNull || primaryKey || identity, f.contains("default"), f.raw("default"),
                identity, primaryKey, f.bool("unique", false), comment, f.raw("references"), f.path());
    }

    /** {@code "NAME" TYPE [identity] [NOT NULL] [DEFAULT x]}: the order XuguDB's own tools write [P], also valid on H2 and PostgreSQL. */
    String definition(Forms forms) {
        StringBuilder sb = new StringBuilder(forms.quote(name)).append(' ').append(type);
        if (identity) {
            sb.append(' ').append(forms.identityClause());
        }
        if (notNull) {
            sb.append(" NOT NULL");
        }
        if (hasDefault) {
            sb.append(" DEFAULT ").append(Defaults.render(defaultValue, type, forms, path + ".default"));
        }
        return sb.toString();
    }

    TableShape.Col asCol() {
        return new TableShape.Col(name, type, notNull);
    }
}
