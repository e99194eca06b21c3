package io.xugumcp.server.catalog;

/**
 * Every SQL text the XuguDB catalog sends, as exact constants so a test can assert what reaches the wire (through the
 * protocol-level test double with the real driver).
 *
 * <p>Source level of all of them: <b>[P, composed]</b> – the views and columns are those of xugudb-notes.md's
 * "Catalog SQL" section (vendor DBeaver plugin and driver templates); the statements themselves are composed by us and
 * have not yet run on a XuguDB server. Every query filters {@code DB_ID = CURRENT_DB_ID} (the ALL_* views span all
 * databases of the server) and takes names only as bind parameters. Upper-case column names are quoted where they may
 * be key words ({@code "VARYING"}, {@code "KEYS"}, {@code "DEFINE"}, {@code "FILTER"}); quoting an upper-case name is
 * always equivalent to writing it unquoted in XuguDB [V/P: unquoted names fold to upper case].
 */
public final class XuguCatalogSql {

    private XuguCatalogSql() {
    }

    /** [P, composed] Schemas of the current database with owner and comment. */
    public static final String SCHEMAS = "SELECT s.SCHEMA_NAME, u.USER_NAME, s.COMMENTS FROM ALL_SCHEMAS s"
            + " LEFT JOIN ALL_USERS u ON u.USER_ID = s.USER_ID"
            + " WHERE s.DB_ID = CURRENT_DB_ID ORDER BY s.SCHEMA_NAME";

    /** [P, composed] User tables per schema (views are counted from {@link #VIEW_COUNTS}). */
    public static final String TABLE_COUNTS = "SELECT s.SCHEMA_NAME, COUNT(*) FROM ALL_TABLES t"
            + " JOIN ALL_SCHEMAS s ON s.SCHEMA_ID = t.SCHEMA_ID AND s.DB_ID = t.DB_ID"
            + " WHERE t.DB_ID = CURRENT_DB_ID AND t.IS_SYS = FALSE GROUP BY s.SCHEMA_NAME";

    /** [P, composed] Views per schema. */
    public static final String VIEW_COUNTS = "SELECT s.SCHEMA_NAME, COUNT(*) FROM ALL_VIEWS v"
            + " JOIN ALL_SCHEMAS s ON s.SCHEMA_ID = v.SCHEMA_ID"
            + " WHERE s.DB_ID = CURRENT_DB_ID GROUP BY s.SCHEMA_NAME";

    /** [P] Version and session context: {@code VERSION()}, {@code CURRENT_DB}, {@code CURRENT_SCHEMA}, {@code CURRENT_USER}. */
    public static final String INFO = "SELECT VERSION(), CURRENT_DB, CURRENT_SCHEMA, CURRENT_USER FROM DUAL";

    /**
     * [P, composed] User tables of one schema: {@code IS_SYS = FALSE}; {@code TEMP_TYPE} 0 = table, 2 = global
     * temporary; {@code RECORD_NUM} is the cheap row estimate (its exact semantics are still to be verified).
     */
    public static final String TABLES = "SELECT t.TABLE_NAME, t.TEMP_TYPE, t.RECORD_NUM, t.COMMENTS FROM ALL_TABLES t"
            + " JOIN ALL_SCHEMAS s ON s.SCHEMA_ID = t.SCHEMA_ID AND s.DB_ID = t.DB_ID"
            + " WHERE t.DB_ID = CURRENT_DB_ID AND s.SCHEMA_NAME = ? AND t.IS_SYS = FALSE ORDER BY t.TABLE_NAME";

    /** [P, composed] Views of one schema with their definitions. */
    public static final String VIEWS = "SELECT v.VIEW_NAME, v.\"DEFINE\", v.COMMENTS FROM ALL_VIEWS v"
            + " JOIN ALL_SCHEMAS s ON s.SCHEMA_ID = v.SCHEMA_ID"
            + " WHERE s.DB_ID = CURRENT_DB_ID AND s.SCHEMA_NAME = ? ORDER BY v.VIEW_NAME";

    /**
     * [P, composed] Columns of the schema's tables. IS_HIDE and DELETED are selected, not filtered in SQL, because
     * their SQL type is not known yet; {@link XuguCatalog} drops such columns.
     */
    public static final String COLUMNS = "SELECT t.TABLE_NAME, c.COL_NO, c.COL_NAME, c.TYPE_NAME, c.SCALE, c.\"VARYING\","
            + " c.NOT_NULL, c.IS_SERIAL, c.DEF_VAL, c.COMMENTS, c.IS_HIDE, c.DELETED FROM ALL_COLUMNS c"
            + " JOIN ALL_TABLES t ON t.TABLE_ID = c.TABLE_ID"
            + " JOIN ALL_SCHEMAS s ON s.SCHEMA_ID = t.SCHEMA_ID AND s.DB_ID = t.DB_ID"
            + " WHERE t.DB_ID = CURRENT_DB_ID AND s.SCHEMA_NAME = ? AND t.IS_SYS = FALSE ORDER BY t.TABLE_NAME, c.COL_NO";

    /**
     * [P, composed] Primary, unique and foreign keys of the schema's tables, and foreign keys of other schemas that
     * reference it. {@code DEFINE} is {@code "A","B"} for P/U; for F the local columns are in the first {@code (...)}
     * and the referenced ones in the last. Actions: N, C, U, D, R.
     */
    public static final String CONSTRAINTS = "SELECT k.CONS_NAME, k.CONS_TYPE, s.SCHEMA_NAME, t.TABLE_NAME, k.\"DEFINE\","
            + " rs.SCHEMA_NAME, rt.TABLE_NAME, k.UPDATE_ACTION, k.DELETE_ACTION FROM ALL_CONSTRAINTS k"
            + " JOIN ALL_TABLES t ON t.TABLE_ID = k.TABLE_ID AND t.DB_ID = CURRENT_DB_ID"
            + " JOIN ALL_SCHEMAS s ON s.SCHEMA_ID = t.SCHEMA_ID AND s.DB_ID = t.DB_ID"
            + " LEFT JOIN ALL_TABLES rt ON rt.TABLE_ID = k.REF_TABLE_ID AND rt.DB_ID = t.DB_ID"
            + " LEFT JOIN ALL_SCHEMAS rs ON rs.SCHEMA_ID = rt.SCHEMA_ID AND rs.DB_ID = rt.DB_ID"
            + " WHERE k.CONS_TYPE IN ('P', 'U', 'F') AND (s.SCHEMA_NAME = ? OR rs.SCHEMA_NAME = ?)"
            + " ORDER BY s.SCHEMA_NAME, t.TABLE_NAME, k.CONS_NAME";

    /** [P, composed] Indexes: INDEX_TYPE 0 btree, 1 rtree, 2 fulltext, 3 bitmap; {@code KEYS} is {@code "A","B"}. */
    public static final String INDEXES = "SELECT t.TABLE_NAME, i.INDEX_NAME, i.INDEX_TYPE, i.IS_UNIQUE, i.IS_PRIMARY,"
            + " i.\"KEYS\", i.\"FILTER\" FROM ALL_INDEXES i"
            + " JOIN ALL_TABLES t ON t.TABLE_ID = i.TABLE_ID"
            + " JOIN ALL_SCHEMAS s ON s.SCHEMA_ID = t.SCHEMA_ID AND s.DB_ID = t.DB_ID"
            + " WHERE t.DB_ID = CURRENT_DB_ID AND s.SCHEMA_NAME = ? ORDER BY t.TABLE_NAME, i.INDEX_NAME";

    /** [P, composed] The free column statistics of one table: MIN_VAL, MAX_VAL, REPET_RATE, DISPERSION. */
    public static final String COLUMN_STATS = "SELECT c.COL_NAME, c.MIN_VAL, c.MAX_VAL, c.REPET_RATE, c.DISPERSION,"
            + " c.IS_HIDE, c.DELETED FROM ALL_COLUMNS c"
            + " JOIN ALL_TABLES t ON t.TABLE_ID = c.TABLE_ID"
            + " JOIN ALL_SCHEMAS s ON s.SCHEMA_ID = t.SCHEMA_ID AND s.DB_ID = t.DB_ID"
            + " WHERE t.DB_ID = CURRENT_DB_ID AND s.SCHEMA_NAME = ? AND t.TABLE_NAME = ? ORDER BY c.COL_NO";

    /**
     * [P, composed] Check constraints of one table: {@code CONS_TYPE = 'C'}, the condition in {@code DEFINE} (whether
     * it carries the word CHECK or outer parentheses is not confirmed; {@link XuguCatalog} strips both).
     */
    public static final String CHECKS = "SELECT k.CONS_NAME, k.\"DEFINE\" FROM ALL_CONSTRAINTS k"
            + " JOIN ALL_TABLES t ON t.TABLE_ID = k.TABLE_ID"
            + " JOIN ALL_SCHEMAS s ON s.SCHEMA_ID = t.SCHEMA_ID AND s.DB_ID = t.DB_ID"
            + " WHERE t.DB_ID = CURRENT_DB_ID AND s.SCHEMA_NAME = ? AND t.TABLE_NAME = ? AND k.CONS_TYPE = 'C'"
            + " ORDER BY k.CONS_NAME";
}
