package io.xugumcp.server.catalog;

import io.xugumcp.api.Catalog;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.GuardVerdict;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A statement is judged on what it really reads: each view it names is resolved through the catalog to the tables its
 * definition reads, recursively, and those are added to the statement's tables, so a table rule denying
 * {@code orders} also denies {@code SELECT * FROM v_orders}. The catalog's view definitions are classified by the same
 * SQL guard as callers' statements. An unqualified name in a definition is taken both in the view's schema and as
 * written (PostgreSQL leaves names visible on the search path unqualified): judging one table too many is safe, one
 * too few is a leak. A view nested deeper than {@link #MAX_DEPTH} levels is refused rather than judged in part.
 */
public final class ViewResolver implements UnaryOperator<GuardVerdict> {
    static final int MAX_DEPTH = 16;

    /** The tables of a SQL text, as the SQL guard reports them. */
    @FunctionalInterface
    public interface TablesOf {
        Set<String> tables(String sql);
    }

    private final CatalogService catalog;
    private final TablesOf guard;

    public ViewResolver(CatalogService catalog, TablesOf guard) {
        this.catalog = catalog;
        this.guard = guard;
    }

    @Override
    public GuardVerdict apply(GuardVerdict v) {
        if (v.tables().isEmpty()) {
            return v;
        }
        Set<String> all = new LinkedHashSet<>(v.tables());
        Set<String> seen = new HashSet<>();
        for (String t : v.tables()) {
            resolve(t, 0, all, seen);
        }
        return all.size() == v.tables().size() ? v
                : new GuardVerdict(v.kind(), v.verb(), all, v.statementCount(), v.parsed(), v.problems());
    }

    private void resolve(String name, int depth, Set<String> out, Set<String> seen) {
        for (Catalog.TableDetail d : catalog.lookup(name)) {
            Catalog.Table t = d.table();
            if (!t.isView() || !seen.add(t.schema() + "." + t.name())) {
                continue;
            }
            if (depth >= MAX_DEPTH) {
                throw new io.xugumcp.api.ToolException(ErrorCode.DENIED, "Denied: view " + t.schema() + "." + t.name()
                        + " is nested more than " + MAX_DEPTH + " views deep, so the tables it reads cannot be judged.");
            }
            if (d.definition() == null) {
                continue;
            }
            for (String base : guard.tables(d.definition())) {
                if (base.indexOf('.') < 0) {
                    String qualified = t.schema() + "." + base;
                    out.add(qualified);
                    resolve(qualified, depth + 1, out, seen);
                }
                out.add(base);
                resolve(base, depth + 1, out, seen);
            }
        }
    }
}
