package io.xugumcp.server.write;

import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.QueryResult;
import io.xugumcp.api.UpdateResult;
import io.xugumcp.api.write.Change;
import io.xugumcp.api.write.Transaction;
import io.xugumcp.api.write.WriteResult;
import io.xugumcp.server.db.HostTransaction;
import java.util.List;

/** A plugin's view of {@link CallWrites#inTransaction}: its statements go through the host transaction's checks. */
final class WorkTransaction implements Transaction {
    private final CallWrites writes;
    private final HostTransaction tx;

    WorkTransaction(CallWrites writes, HostTransaction tx) {
        this.writes = writes;
        this.tx = tx;
    }

    @Override
    public QueryResult query(String sql, List<?> params, QueryOptions options) {
        return tx.query(sql, params, options);
    }

    @Override
    public UpdateResult execute(String sql, List<?> params) {
        long start = System.nanoTime();
        io.xugumcp.api.GuardVerdict v = tx.check(sql);
        long n = tx.execute(sql, params);
        return new UpdateResult(v.kind(), n, (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public long[] executeBatch(String sql, List<? extends List<?>> rows) {
        return tx.executeBatch(sql, rows);
    }

    @Override
    public WriteResult apply(Change change) {
        return writes.applyInside(tx, change);
    }
}
