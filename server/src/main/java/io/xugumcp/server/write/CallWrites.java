package io.xugumcp.server.write;

import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.QueryOptions;
import io.xugumcp.api.QueryResult;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.write.Change;
import io.xugumcp.api.write.ImportOptions;
import io.xugumcp.api.write.ImportResult;
import io.xugumcp.api.write.TableRef;
import io.xugumcp.api.write.Transaction;
import io.xugumcp.api.write.WriteOptions;
import io.xugumcp.api.write.WritePlan;
import io.xugumcp.api.write.WriteResult;
import io.xugumcp.api.write.Writes;
import io.xugumcp.server.db.HostTransaction;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The write path of one tool call. Policy lives here, not in the plugin: read-only mode refuses everything; a change
 * without a filter is refused unless it says all rows; a change that needs confirmation runs only with a valid token
 * (bound to this caller, tool and arguments) or after the person said yes through the client; the affected rows are
 * checked against {@code max_affected_rows} inside the transaction, which is rolled back when they exceed it.
 */
final class CallWrites implements Writes {
    /** Arguments a token is not bound to: they are what changes between the preview and the confirmed call. */
    static final Set<String> UNBOUND_ARGUMENTS = Set.of("confirm_token", "dry_run", "confirm_name");

    private final WriteService service;
    private final WriteCall call;
    private final StatementPlanner planner;
    private final WriteAudit audit;

    CallWrites(WriteService service, WriteCall call) {
        this.service = service;
        this.call = call;
        TableResolver tables = new TableResolver(service.catalog(), service.database().dialect());
        io.xugumcp.api.Database inspect = service.database().forCaller(call.caller());
        this.planner = new StatementPlanner(tables, service.database().dialect(), inspect::inspect);
        this.audit = new WriteAudit(service.audit(), call.caller(), call.tool(), call.callId());
    }

    void requireReadWrite() {
        if (!service.readWrite()) {
            throw new ToolException(ErrorCode.DENIED, "Denied: the server runs in read-only mode, so no data or schema"
                    + " change runs, whatever the role. An operator can switch it with xugu-mcp.security.mode ="
                    + " read-write (environment XUGU_MCP_MODE=read-write, or the --read-write flag) and restart.");
        }
    }

    @Override
    public WritePlan plan(Change change) {
        if (change instanceof Change.SchemaChange s) {
            return new SchemaChanges(this).plan(s);
        }
        ChangePlan p = planner.plan(change);
        return new WritePlan(p.planned(), p.notes());
    }

    @Override
    public WriteResult apply(Change change, WriteOptions options) {
        requireReadWrite();
        WriteOptions o = options == null ? WriteOptions.DEFAULTS : options;
        if (change instanceof Change.SchemaChange s) {
            return new SchemaChanges(this).apply(s, o);
        }
        long start = System.nanoTime();
        ChangePlan plan = planner.plan(change);
        ConfirmationTokens.Binding binding = binding(plan.planned());
        ConfirmationTokens.Issued confirmed = null;
        if (o.confirmToken() != null && !o.dryRun()) {
            confirmed = redeem(o.confirmToken(), binding, kind(change), plan.table().display());
        }
        if (change instanceof Change.Truncate) {
            return truncate(plan, o, binding, confirmed, start);
        }
        return dml(plan, o, binding, confirmed, start);
    }

    // ------------------------------------------------------------------------------------------------ data changes

    private WriteResult dml(ChangePlan plan, WriteOptions o, ConfirmationTokens.Binding binding,
                            ConfirmationTokens.Issued confirmed, long start) {
        Change change = plan.change();
        long max = o.maxAffectedRows() > 0 ? o.maxAffectedRows() : service.settings().maxAffectedRows();
        int sampleRows = o.sampleRows() > 0 ? Math.min(o.sampleRows(), 50) : service.settings().sampleRows();
        String phase = o.dryRun() ? "preview" : "commit";
        String confirmationId = confirmed != null ? confirmed.id() : service.tokens().newId();
        DmlExecution.Executed e;
        String reason;
        try (HostTransaction tx = transaction(phase, confirmationId)) {
            try {
                e = DmlExecution.run(tx, plan, sampleRows);
            } catch (RuntimeException failure) {
                tx.rollback();
                entry(phase, plan, confirmationId).put("code", CallWrites.codeOf(failure)).outcome("error");
                throw failure;
            }
            if (limited(change) && e.affected() > max) {
                tx.rollback();
                entry(phase, plan, confirmationId).put("rows", e.affected()).put("maxAffectedRows", max)
                        .outcome("rolled_back");
                throw new ToolException(ErrorCode.LIMIT_EXCEEDED, "This would " + verb(change) + " "
                        + rows(e.affected()) + (e.exact() ? "" : " (as counted from the rows sent)") + " of "
                        + plan.table().display() + ", more than max_affected_rows (" + number(max)
                        + "). It was rolled back: nothing was changed. Narrow the filter, or set max_affected_rows to at"
                        + " least " + e.affected() + " if all of them are meant.");
            }
            reason = confirmationReason(change, e.affected(), plan);
            if (o.dryRun()) {
                tx.rollback();
                ConfirmationTokens.Token token = service.tokens().issue(confirmationId, binding, e.affected());
                entry("preview", plan, confirmationId).put("rows", e.affected()).outcome("rolled_back");
                List<String> notes = new ArrayList<>(e.notes());
                notes.add("Dry run: the statements ran inside a transaction that was rolled back; nothing changed.");
                return result(WriteResult.Status.PREVIEWED, plan, e, new WriteResult.Confirmation(token.text(),
                        token.expiresAt(), reason == null ? "Not required to run this change; the token confirms"
                        + " exactly this preview." : reason), notes, start);
            }
            if (reason == null || confirmed != null) {
                if (confirmed != null && reason != null && e.affected() > confirmed.approvedRows()) {
                    tx.rollback();
                    entry("commit", plan, confirmationId).put("rows", e.affected())
                            .put("approvedRows", confirmed.approvedRows()).outcome("rolled_back");
                    throw new ToolException(ErrorCode.CONFIRMATION_INVALID, "The change now touches "
                            + rows(e.affected()) + ", but the confirmed preview showed " + number(confirmed.approvedRows())
                            + ". The table changed meanwhile; it was rolled back and nothing was changed. Preview again.");
                }
                tx.commit();
                entry("commit", plan, confirmationId).put("rows", e.affected()).outcome("committed");
                return result(WriteResult.Status.APPLIED, plan, e, null, e.notes(), start);
            }
            tx.rollback();
        }
        // Held back: the person must confirm. The transaction is closed while they decide.
        entry("preview", plan, confirmationId).put("rows", e.affected()).put("reason", reason).outcome("held");
        return confirm(plan, o, binding, confirmationId, e, reason, start,
                () -> runConfirmed(plan, o, confirmationId, e.affected(), start));
    }

    /** A run the person accepted through the client: checked again against the count they saw. */
    private WriteResult runConfirmed(ChangePlan plan, WriteOptions o, String confirmationId, long approved, long start) {
        int sampleRows = o.sampleRows() > 0 ? Math.min(o.sampleRows(), 50) : service.settings().sampleRows();
        try (HostTransaction tx = transaction("commit", confirmationId)) {
            DmlExecution.Executed e;
            try {
                e = DmlExecution.run(tx, plan, sampleRows);
            } catch (RuntimeException failure) {
                tx.rollback();
                entry("commit", plan, confirmationId).put("code", CallWrites.codeOf(failure)).outcome("error");
                throw failure;
            }
            if (e.affected() > approved) {
                tx.rollback();
                entry("commit", plan, confirmationId).put("rows", e.affected()).put("approvedRows", approved)
                        .outcome("rolled_back");
                throw new ToolException(ErrorCode.CONFIRMATION_INVALID, "The change now touches " + rows(e.affected())
                        + ", more than the " + number(approved) + " the person confirmed; the table changed meanwhile."
                        + " It was rolled back: nothing was changed.");
            }
            tx.commit();
            entry("commit", plan, confirmationId).put("rows", e.affected()).outcome("committed");
            return result(WriteResult.Status.APPLIED, plan, e, null, e.notes(), start);
        }
    }

    /**
     * Asks the person through the client when it can; otherwise (or when asking fails) hands back a token for the
     * round trip. Declined or cancelled: nothing changed.
     */
    private WriteResult confirm(ChangePlan plan, WriteOptions o, ConfirmationTokens.Binding binding,
                                String confirmationId, DmlExecution.Executed e, String reason, long start,
                                java.util.function.Supplier<WriteResult> run) {
        PersonConfirmation.Answer answer = PersonConfirmation.askYesNo(call.client(), question(plan, e.affected(), reason));
        if (answer != PersonConfirmation.Answer.UNAVAILABLE) {
            entry("confirmation", plan, confirmationId).put("by", "person").put("rows", e.affected())
                    .outcome(answer.audit());
            if (answer == PersonConfirmation.Answer.ACCEPTED) {
                return run.get();
            }
            List<String> notes = new ArrayList<>(e.notes());
            notes.add("The person " + (answer == PersonConfirmation.Answer.DECLINED ? "declined" : "cancelled")
                    + "; nothing was changed.");
            return result(WriteResult.Status.DECLINED, plan, e, null, notes, start);
        }
        ConfirmationTokens.Token token = service.tokens().issue(confirmationId, binding, e.affected());
        List<String> notes = new ArrayList<>(e.notes());
        notes.add("Nothing was changed. Show the person this preview; if they agree, call the tool again with exactly"
                + " the same arguments plus confirm_token.");
        return result(WriteResult.Status.CONFIRMATION_REQUIRED, plan, e,
                new WriteResult.Confirmation(token.text(), token.expiresAt(), reason), notes, start);
    }

    // ------------------------------------------------------------------------------------------------ truncate

    private WriteResult truncate(ChangePlan plan, WriteOptions o, ConfirmationTokens.Binding binding,
                                 ConfirmationTokens.Issued confirmed, long start) {
        int sampleRows = o.sampleRows() > 0 ? Math.min(o.sampleRows(), 50) : service.settings().sampleRows();
        String confirmationId = confirmed != null ? confirmed.id() : service.tokens().newId();
        String phase = o.dryRun() || confirmed == null ? "preview" : "commit";
        long count;
        DmlExecution.Executed preview;
        try (HostTransaction tx = transaction(phase, confirmationId)) {
            count = countRows(tx, plan.table());
            List<String> notes = new ArrayList<>(plan.notes());
            QueryResult before = new Samples(tx, plan.table(), notes).select(null, List.of(), sampleRows);
            preview = new DmlExecution.Executed(count, true, -1, -1, List.of(), before == null ? null
                    : new WriteResult.Sample(DmlExecution.names(before), before.rows(), List.of()), notes);
            if (confirmed != null && !o.dryRun()) {
                if (count > confirmed.approvedRows()) {
                    tx.rollback();
                    entry("commit", plan, confirmationId).put("rows", count).put("approvedRows", confirmed.approvedRows())
                            .outcome("refused");
                    throw new ToolException(ErrorCode.CONFIRMATION_INVALID, "The table now holds " + rows(count)
                            + ", more than the " + number(confirmed.approvedRows()) + " the preview showed. Nothing was"
                            + " changed. Preview again.");
                }
                return runTruncate(tx, plan, confirmationId, preview, start);
            }
            tx.rollback();
        }
        String reason = "TRUNCATE removes all " + rows(count) + " of " + plan.table().display()
                + (service.database().dialect().capabilities().transactionalTruncate() ? "" : " and cannot be undone on "
                + service.database().dialect().name()) + "; it always needs confirmation.";
        if (o.dryRun()) {
            ConfirmationTokens.Token token = service.tokens().issue(confirmationId, binding, count);
            entry("preview", plan, confirmationId).put("rows", count).outcome("counted");
            List<String> notes = new ArrayList<>(preview.notes());
            notes.add("Dry run: the rows were counted; nothing was removed.");
            return result(WriteResult.Status.PREVIEWED, plan, preview,
                    new WriteResult.Confirmation(token.text(), token.expiresAt(), reason), notes, start);
        }
        entry("preview", plan, confirmationId).put("rows", count).put("reason", reason).outcome("held");
        final long approved = count;
        return confirm(plan, o, binding, confirmationId, preview, reason, start, () -> {
            try (HostTransaction tx = transaction("commit", confirmationId)) {
                long now = countRows(tx, plan.table());
                if (now > approved) {
                    tx.rollback();
                    entry("commit", plan, confirmationId).put("rows", now).put("approvedRows", approved).outcome("refused");
                    throw new ToolException(ErrorCode.CONFIRMATION_INVALID, "The table now holds " + rows(now)
                            + ", more than the " + number(approved) + " the person confirmed. Nothing was changed.");
                }
                DmlExecution.Executed e = new DmlExecution.Executed(now, true, -1, -1, List.of(), preview.sample(),
                        preview.notes());
                return runTruncate(tx, plan, confirmationId, e, start);
            }
        });
    }

    private WriteResult runTruncate(HostTransaction tx, ChangePlan plan, String confirmationId,
                                    DmlExecution.Executed counted, long start) {
        tx.tag("phase", "commit");
        try {
            tx.execute(plan.statements().get(0).sql(), List.of());
            tx.commit();
        } catch (RuntimeException failure) {
            tx.rollback();
            entry("commit", plan, confirmationId).put("code", CallWrites.codeOf(failure)).outcome("error");
            throw failure;
        }
        entry("commit", plan, confirmationId).put("rows", counted.affected()).outcome("committed");
        List<String> notes = new ArrayList<>(counted.notes());
        notes.add("The row count was taken just before TRUNCATE, which reports none itself.");
        DmlExecution.Executed e = new DmlExecution.Executed(counted.affected(), false, -1, -1, List.of(),
                counted.sample(), notes);
        return result(WriteResult.Status.APPLIED, plan, e, null, notes, start);
    }

    private static long countRows(HostTransaction tx, TargetTable t) {
        QueryResult r = tx.query("SELECT COUNT(*) FROM " + t.qualified(), List.of(), QueryOptions.maxRows(1));
        Object v = r.rows().isEmpty() ? null : r.rows().get(0).get(0);
        return v instanceof Number n ? n.longValue() : v == null ? 0 : Long.parseLong(v.toString());
    }

    // ------------------------------------------------------------------------------------------------ import, transaction

    @Override
    public ImportResult importRows(TableRef table, Iterator<Map<String, Object>> rows, ImportOptions options) {
        requireReadWrite();
        return new RowImporter(this, planner).run(table, rows, options);
    }

    @Override
    public java.io.InputStream openImportFile(String path) {
        requireReadWrite();
        return ImportFiles.open(service.settings(), path);
    }

    @Override
    public <T> T inTransaction(Function<Transaction, T> work) {
        requireReadWrite();
        String id = service.tokens().newId();
        try (HostTransaction tx = transaction("commit", id)) {
            T result;
            try {
                result = work.apply(new WorkTransaction(this, tx));
            } catch (RuntimeException e) {
                tx.rollback();
                audit.phase("commit").confirmation(id).put("change", "TRANSACTION").put("code", codeOf(e))
                        .outcome("rolled_back");
                throw e;
            }
            tx.commit();
            audit.phase("commit").confirmation(id).put("change", "TRANSACTION").outcome("committed");
            return result;
        }
    }

    /**
     * A change inside {@link #inTransaction}: rails apply (filter, max_affected_rows), and a change that would need a
     * person's confirmation is refused – there is no round trip inside someone else's transaction.
     */
    WriteResult applyInside(HostTransaction tx, Change change) {
        if (change instanceof Change.SchemaChange || change instanceof Change.Truncate) {
            throw new ToolException(ErrorCode.CONFIRMATION_REQUIRED, "A " + kind(change) + " change cannot run inside"
                    + " a plugin's transaction: it needs its own confirmation. Apply it on its own (Writes.apply).");
        }
        long start = System.nanoTime();
        ChangePlan plan = planner.plan(change);
        DmlExecution.Executed e = DmlExecution.run(tx, plan, service.settings().sampleRows());
        if (limited(change) && e.affected() > service.settings().maxAffectedRows()) {
            throw new ToolException(ErrorCode.LIMIT_EXCEEDED, "This would " + verb(change) + " " + rows(e.affected())
                    + " of " + plan.table().display() + ", more than max-affected-rows ("
                    + number(service.settings().maxAffectedRows()) + "); the transaction is rolled back.");
        }
        String reason = confirmationReason(change, e.affected(), plan);
        if (reason != null) {
            throw new ToolException(ErrorCode.CONFIRMATION_REQUIRED, "Refused inside a transaction: this change "
                    + reason + " Apply it on its own (Writes.apply) so the person can confirm it; the transaction is"
                    + " rolled back.");
        }
        return result(WriteResult.Status.APPLIED, plan, e, null, e.notes(), start);
    }

    // ------------------------------------------------------------------------------------------------ shared helpers

    WriteService service() {
        return service;
    }

    WriteCall call() {
        return call;
    }

    WriteAudit audit() {
        return audit;
    }

    HostTransaction transaction(String phase, String confirmationId) {
        Map<String, Object> tags = new LinkedHashMap<>();
        tags.put("phase", phase);
        if (confirmationId != null) {
            tags.put("confirmationId", confirmationId);
        }
        return service.database().transaction(call.caller(), call.tool(), call.callId(), tags);
    }

    ConfirmationTokens.Binding binding(List<io.xugumcp.api.write.PlannedStatement> statements) {
        List<Object> shown = new ArrayList<>();
        for (io.xugumcp.api.write.PlannedStatement s : statements) {
            shown.add(List.of(s.sql(), s.params(), s.rows()));
        }
        return new ConfirmationTokens.Binding(call.callerKey(), call.tool(),
                Canonical.digest(call.arguments(), UNBOUND_ARGUMENTS), Canonical.sha256(Canonical.text(shown)));
    }

    /** Redeems a token, auditing the outcome either way. */
    ConfirmationTokens.Issued redeem(String token, ConfirmationTokens.Binding binding, String kind, String table) {
        try {
            ConfirmationTokens.Issued issued = service.tokens().redeem(token, binding);
            audit.phase("confirmation").change(kind, table).confirmation(issued.id()).put("by", "token")
                    .outcome("accepted");
            return issued;
        } catch (ToolException refused) {
            audit.phase("confirmation").change(kind, table).confirmation(ConfirmationTokens.idOf(token))
                    .put("by", "token").put("reason", refused.getMessage()).outcome("refused");
            throw refused;
        }
    }

    private WriteAudit.Entry entry(String phase, ChangePlan plan, String confirmationId) {
        return audit.phase(phase).change(kind(plan.change()), plan.table().display()).confirmation(confirmationId);
    }

    /** Why a change needs confirmation, or {@code null} when it does not. */
    private String confirmationReason(Change change, long affected, ChangePlan plan) {
        boolean filtered = change instanceof Change.Update || change instanceof Change.Delete;
        if (!filtered) {
            return null;
        }
        io.xugumcp.api.write.Filter f = change instanceof Change.Update u ? u.filter() : ((Change.Delete) change).filter();
        if (f.allRows()) {
            return "It " + verb(change) + "s every row of " + plan.table().display() + " (all_rows: " + rows(affected)
                    + "); a change of all rows always needs confirmation.";
        }
        long above = service.settings().confirmAbove();
        if (affected > above) {
            return "It " + verb(change) + "s " + rows(affected) + " of " + plan.table().display() + "; more than "
                    + number(above) + " need confirmation.";
        }
        return null;
    }

    private static boolean limited(Change change) {
        return change instanceof Change.Update || change instanceof Change.Delete || change instanceof Change.Upsert;
    }

    private String question(ChangePlan plan, long affected, String reason) {
        Change c = plan.change();
        String what = c instanceof Change.Truncate ? "Remove all " + rows(affected) + " of " + plan.table().display()
                + " (TRUNCATE)?"
                : c instanceof Change.Delete ? "Delete " + rows(affected) + " from " + plan.table().display() + "?"
                : "Update " + rows(affected) + " of " + plan.table().display() + "?";
        String sql = plan.statements().get(0).planned().sql();
        List<Object> params = plan.statements().get(0).planned().params();
        String shown = sql.length() > 400 ? sql.substring(0, 400) + "…" : sql;
        String values = params.isEmpty() ? "" : "\nValues: " + Canonical.text(params);
        values = values.length() > 300 ? values.substring(0, 300) + "…" : values;
        return what + "\n" + reason + "\n" + shown + values + "\n(asked by tool " + call.tool() + ")";
    }

    /**
     * The code of a failure for the audit record. Never the message: a database's error text may quote the row's
     * values, which the trail does not keep (statement records omit it for the same reason).
     */
    static String codeOf(RuntimeException e) {
        return e instanceof ToolException t ? t.code() : io.xugumcp.api.ErrorCode.INTERNAL.code();
    }

    static String kind(Change change) {
        if (change instanceof Change.Insert) {
            return "INSERT";
        } else if (change instanceof Change.Update) {
            return "UPDATE";
        } else if (change instanceof Change.Delete) {
            return "DELETE";
        } else if (change instanceof Change.Upsert) {
            return "UPSERT";
        } else if (change instanceof Change.Truncate) {
            return "TRUNCATE";
        }
        return "SCHEMA";
    }

    private static String verb(Change change) {
        if (change instanceof Change.Delete) {
            return "delete";
        } else if (change instanceof Change.Upsert) {
            return "upsert";
        } else if (change instanceof Change.Insert) {
            return "insert";
        }
        return "update";
    }

    static String number(long n) {
        return NumberFormat.getIntegerInstance(Locale.ROOT).format(n);
    }

    static String rows(long n) {
        return number(n) + (n == 1 ? " row" : " rows");
    }

    private static WriteResult result(WriteResult.Status status, ChangePlan plan, DmlExecution.Executed e,
                                      WriteResult.Confirmation confirmation, List<String> notes, long start) {
        return new WriteResult(status, plan.planned(), e.affected(), e.exact(), e.inserted(), e.updated(), e.keys(),
                e.sample(), confirmation, notes, Map.of(), (System.nanoTime() - start) / 1_000_000);
    }
}
