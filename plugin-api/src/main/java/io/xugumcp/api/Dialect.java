package io.xugumcp.api;

import java.util.List;

/**
 * What differs between the databases the host supports (xugu, h2, postgresql): identifier quoting, EXPLAIN syntax,
 * and the rules an assistant needs to write valid SQL for it.
 */
public interface Dialect {

    /** The dialect's id: {@code xugu}, {@code h2} or {@code postgresql}. */
    String name();

    /** Quotes an identifier (doubling embedded quote characters). */
    String quoteIdentifier(String identifier);

    /** The EXPLAIN statement for a read statement; never one that executes it. */
    String explain(String sql);

    /** Short rules for writing SQL in this dialect (pagination, upsert, quoting, case folding…). */
    List<String> sqlRules();
}
