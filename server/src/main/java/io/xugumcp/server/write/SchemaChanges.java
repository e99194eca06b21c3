package io.xugumcp.server.write;

import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.GuardVerdict;
import io.xugumcp.api.ToolException;
import io.xugumcp.api.write.Change;
import io.xugumcp.api.write.PlannedStatement;
import io.xugumcp.api.write.WriteOptions;
import io.xugumcp.api.write.WritePlan;
import io.xugumcp.api.write.WriteResult;
import io.xugumcp.server.db.HostTransaction;
import io.xugumcp.server.db.SqlDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Schema changes (DDL) a plugin built from dialect primitives. Every statement passes the guard and the caller's
 * permissions before any runs. A dry run renders the statements – and on databases whose DDL is transactional
 * (PostgreSQL) also runs them in a transaction that is rolled back, to show they would succeed; elsewhere DDL commits
 * at once, so it is never "tried". A destructive change needs confirmation: a preview's token plus
 * {@code confirm_name} equal to the object's name, or the person typing the name when the client can ask. The catalog
 * cache is dropped after any DDL ran.
 */
final class SchemaChanges {
    /** Statements PostgreSQL refuses inside a transaction block: run with auto-commit, never rehearsed. */
    static final Pattern OUTSIDE_TRANSACTION = Pattern.compile(
            "(?is)^\\s*((CREATE|DROP)\\s+(DATABASE|TABLESPACE)\\b|VACUUM\\b|ALTER\\s+SYSTEM\\b|.*\\bCONCURRENTLY\\b).*");

    private final CallWrites writes;
    private final SqlDialect dialect;

    SchemaChanges(CallWrites writes) {
        this.writes = writes;
        this.dialect = writes.service().database().dialect();
    }

    WritePlan plan(Change.SchemaChange change) {
        return new WritePlan(planned(change), notes(change));
    }

    private List<PlannedStatement> planned(Change.SchemaChange change) {
        io.xugumcp.api.Database inspect = writes.service().database().forCaller(writes.call().caller());
        List<PlannedStatement> out = new ArrayList<>();
        for (String sql : change.statements()) {
            GuardVerdict v = inspect.inspect(sql);
            out.add(new PlannedStatement(sql, List.of(), v.kind(), 1));
        }
        return out;
    }

    private List<String> notes(Change.SchemaChange change) {
        List<String> notes = new ArrayList<>();
        if (!dialect.capabilities().transactionalDdl()) {
            notes.add("DDL commits at once on " + dialect.name() + ": a statement that ran stays even if a later one"
                    + " fails.");
        }
        return notes;
    }

    WriteResult apply(Change.SchemaChange change, WriteOptions o) {
        long start = System.nanoTime();
        List<PlannedStatement> planned = planned(change);
        ConfirmationTokens.Binding binding = writes.binding(planned);
        String target = change.objectType() + " " + change.objectName();
        // Every statement admitted before anything runs or anyone is asked (refusals are audited there).
        try (HostTransaction check = writes.transaction(o.dryRun() ? "preview" : "commit", null)) {
            for (String sql : change.statements()) {
                check.check(sql);
            }
        }
        ConfirmationTokens.Issued confirmed = null;
        if (o.confirmToken() != null && !o.dryRun()) {
            if (change.destructive() && !change.objectName().equals(o.confirmName() == null ? null : o.confirmName().strip())) {
                writes.audit().phase("confirmation").change("SCHEMA", target)
                        .confirmation(ConfirmationTokens.idOf(o.confirmToken())).put("by", "token")
                        .put("reason", "confirm_name does not match").outcome("refused");
                throw new ToolException(ErrorCode.CONFIRMATION_INVALID, "This change removes " + target + ": send"
                        + " confirm_name exactly '" + change.objectName() + "' together with the confirm_token"
                        + (o.confirmName() == null ? " (none was sent)" : " (got '" + o.confirmName() + "')")
                        + ". Nothing was changed; the token is still valid.");
            }
            confirmed = writes.redeem(o.confirmToken(), binding, "SCHEMA", target);
        }
        String id = confirmed != null ? confirmed.id() : writes.service().tokens().newId();
        List<String> notes = notes(change);
        if (o.dryRun()) {
            rehearse(change, id, notes);
            ConfirmationTokens.Token token = writes.service().tokens().issue(id, binding, 0);
            writes.audit().phase("preview").change("SCHEMA", target).confirmation(id)
                    .put("statements", change.statements().size()).put("destructive", change.destructive())
                    .outcome("rendered");
            String reason = change.destructive()
                    ? "It removes " + target + " and cannot be undone: confirm with this token and confirm_name = '"
                    + change.objectName() + "'."
                    : "Not required to run this change; the token confirms exactly this preview.";
            return result(WriteResult.Status.PREVIEWED, planned, change,
                    new WriteResult.Confirmation(token.text(), token.expiresAt(), reason), notes, start);
        }
        if (change.destructive() && confirmed == null) {
            String reason = "It removes " + target + " and cannot be undone; a person must confirm by typing its name.";
            PersonConfirmation.Answer answer = PersonConfirmation.askName(writes.call().client(),
                    question(change, target), change.objectName());
            if (answer == PersonConfirmation.Answer.UNAVAILABLE) {
                ConfirmationTokens.Token token = writes.service().tokens().issue(id, binding, 0);
                writes.audit().phase("preview").change("SCHEMA", target).confirmation(id).put("reason", reason)
                        .outcome("held");
                notes.add("Nothing was changed. Show the person this preview; if they agree, call the tool again with"
                        + " exactly the same arguments plus confirm_token and confirm_name = '" + change.objectName() + "'.");
                return result(WriteResult.Status.CONFIRMATION_REQUIRED, planned, change,
                        new WriteResult.Confirmation(token.text(), token.expiresAt(), reason), notes, start);
            }
            writes.audit().phase("confirmation").change("SCHEMA", target).confirmation(id).put("by", "person")
                    .outcome(answer.audit());
            if (answer != PersonConfirmation.Answer.ACCEPTED) {
                notes.add("The person did not confirm (" + answer.audit() + "); nothing was changed.");
                return result(WriteResult.Status.DECLINED, planned, change, null, notes, start);
            }
        }
        run(change, id, target);
        return result(WriteResult.Status.APPLIED, planned, change, null, notes, start);
    }

    /** PostgreSQL: run and roll back, to show the statements would succeed. Elsewhere: render only. */
    private void rehearse(Change.SchemaChange change, String id, List<String> notes) {
        if (!dialect.capabilities().transactionalDdl()) {
            notes.add("Dry run: rendered only; DDL cannot be tried and rolled back on " + dialect.name() + ".");
            return;
        }
        int skipped = 0;
        try (HostTransaction tx = writes.transaction("preview", id)) {
            for (int i = 0; i < change.statements().size(); i++) {
                String sql = change.statements().get(i);
                if (OUTSIDE_TRANSACTION.matcher(sql).matches()) {
                    skipped++;
                    continue;
                }
                try {
                    tx.execute(sql, List.of());
                } catch (ToolException e) {
                    throw new ToolException(e.code(), "Dry run: statement " + (i + 1) + " of " + change.statements().size()
                            + " would fail: " + e.getMessage() + " Nothing was changed.");
                }
            }
            tx.rollback();
        } finally {
            // The rehearsal ran DDL (rolled back): the cache may have been read in between.
            writes.service().catalog().invalidate();
        }
        notes.add("Dry run: the statements ran in a transaction that was rolled back; nothing changed."
                + (skipped > 0 ? " " + skipped + " statement(s) cannot run inside a transaction and were not tried." : ""));
    }

    private void run(Change.SchemaChange change, String id, String target) {
        boolean transactional = dialect.capabilities().transactionalDdl();
        int ran = 0;
        try {
            if (transactional && change.statements().stream().noneMatch(s -> OUTSIDE_TRANSACTION.matcher(s).matches())) {
                try (HostTransaction tx = writes.transaction("commit", id)) {
                    for (String sql : change.statements()) {
                        tx.execute(sql, List.of());
                    }
                    tx.commit();
                    ran = change.statements().size();
                }
            } else {
                for (String sql : change.statements()) {
                    boolean outside = OUTSIDE_TRANSACTION.matcher(sql).matches();
                    try (HostTransaction tx = outside
                            ? writes.service().database().autoCommitting(writes.call().caller(), writes.call().tool(),
                                    writes.call().callId(), Map.of("phase", "commit", "confirmationId", id))
                            : writes.transaction("commit", id)) {
                        tx.execute(sql, List.of());
                        tx.commit();
                    }
                    ran++;
                }
            }
        } catch (ToolException e) {
            writes.audit().phase("commit").change("SCHEMA", target).confirmation(id).put("ran", ran)
                    .put("code", e.code()).outcome("error");
            String done = transactional ? " The whole change was rolled back." : ran == 0 ? " Nothing ran."
                    : " Statements 1–" + ran + " ran and are committed (DDL commits at once on " + dialect.name() + ").";
            throw new ToolException(e.code(), "Statement " + (ran + 1) + " of " + change.statements().size()
                    + " failed: " + e.getMessage() + done, e);
        } finally {
            writes.service().catalog().invalidate();
        }
        writes.audit().phase("commit").change("SCHEMA", target).confirmation(id).put("ran", ran).outcome("committed");
    }

    private String question(Change.SchemaChange change, String target) {
        StringBuilder sb = new StringBuilder("Remove " + target + "? This cannot be undone.\n");
        for (String sql : change.statements()) {
            sb.append(sql.length() > 300 ? sql.substring(0, 300) + "…" : sql).append('\n');
        }
        if (!change.impact().isEmpty()) {
            String impact = Canonical.text(change.impact());
            sb.append("Impact: ").append(impact.length() > 500 ? impact.substring(0, 500) + "…" : impact).append('\n');
        }
        return sb.append("Type ").append(change.objectName()).append(" to confirm.").toString();
    }

    private static WriteResult result(WriteResult.Status status, List<PlannedStatement> planned,
                                      Change.SchemaChange change, WriteResult.Confirmation confirmation,
                                      List<String> notes, long start) {
        return new WriteResult(status, planned, -1, false, -1, -1, List.of(), null, confirmation, notes, change.impact(),
                (System.nanoTime() - start) / 1_000_000);
    }
}
