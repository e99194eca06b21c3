package io.xugumcp.server.sql;

import io.xugumcp.api.StatementKind;
import io.xugumcp.server.sql.SqlLexer.Token;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Functions that change state, sleep, or reach outside the database, so a SELECT calling them is no longer a read.
 * This is a deny-list and therefore incomplete by nature: a user-defined function with side effects
 * ({@code SELECT f_delete_all() FROM dual}) looks like any other call; only database privileges stop that.
 */
final class SideEffects {

    /** Matched against the last part of the called name, case-insensitively. */
    private static final Set<String> FUNCTIONS = Set.of(
            // time-based denial of service
            "SLEEP", "PG_SLEEP", "PG_SLEEP_FOR", "PG_SLEEP_UNTIL", "BENCHMARK",
            // server files and large objects
            "LOAD_FILE", "PG_READ_FILE", "PG_READ_BINARY_FILE", "PG_LS_DIR", "PG_STAT_FILE", "LO_IMPORT", "LO_EXPORT",
            "LO_UNLINK", "LO_PUT", "LO_CREATE", "FILE_READ", "FILE_WRITE", "CSVWRITE", "CSVREAD",
            // sessions, server control, locks, notifications
            "PG_TERMINATE_BACKEND", "PG_CANCEL_BACKEND", "PG_RELOAD_CONF", "PG_ROTATE_LOGFILE", "SET_CONFIG",
            "PG_ADVISORY_LOCK", "PG_ADVISORY_XACT_LOCK", "PG_TRY_ADVISORY_LOCK", "PG_TRY_ADVISORY_XACT_LOCK",
            "PG_ADVISORY_LOCK_SHARED", "PG_NOTIFY", "PG_LOGICAL_EMIT_MESSAGE", "PG_CREATE_RESTORE_POINT",
            "PG_SWITCH_WAL", "PG_PROMOTE", "GET_LOCK", "RELEASE_LOCK", "RELEASE_ALL_LOCKS", "CANCEL_SESSION",
            "ABORT_SESSION", "LINK_SCHEMA",
            // run another statement or a command, or reach the network
            "DBLINK", "DBLINK_EXEC", "DBLINK_CONNECT", "DBLINK_SEND_QUERY", "QUERY_TO_XML", "QUERY_TO_XMLSCHEMA",
            "QUERY_TO_XML_AND_XMLSCHEMA", "CURSOR_TO_XML", "SYS_EVAL", "SYS_EXEC", "XP_CMDSHELL", "HTTPURITYPE",
            // sequences
            "SETVAL");

    /** Oracle-style packages with side effects are denied by prefix; these pure helpers are common in reads. */
    private static final Set<String> SAFE_PACKAGE_CALLS = Set.of("DBMS_LOB.SUBSTR", "DBMS_LOB.GETLENGTH",
            "DBMS_LOB.INSTR", "DBMS_LOB.COMPARE", "DBMS_RANDOM.VALUE", "DBMS_RANDOM.STRING", "DBMS_RANDOM.NORMAL",
            "DBMS_RANDOM.RANDOM");
    private static final Set<String> SAFE_PACKAGES = Set.of("UTL_RAW", "UTL_ENCODE", "UTL_MATCH", "UTL_I18N");

    private SideEffects() {
    }

    /**
     * True when token {@code i} is a call with side effects. Sequence increments (NEXTVAL, NEXT VALUE FOR) count only
     * in reads: in an INSERT they are part of the write the caller is already allowed to make.
     */
    static boolean isSideEffect(List<Token> t, int i, StatementKind leading) {
        Token x = t.get(i);
        boolean readOnly = leading == null || leading == StatementKind.READ || leading == StatementKind.METADATA;
        if (x.is("NEXTVAL") && (i > 0 && t.get(i - 1).isSymbol('.') || next(t, i, '('))) {
            return readOnly;
        }
        if (x.is("NEXT") && "VALUE".equals(StatementClassifier.keyAt(t, i + 1))
                && "FOR".equals(StatementClassifier.keyAt(t, i + 2))) {
            return readOnly;
        }
        if (!x.isName() || !next(t, i, '(')) {
            return false;
        }
        List<String> parts = qualifiedName(t, i);
        String last = parts.get(parts.size() - 1);
        if (FUNCTIONS.contains(last)) {
            return true;
        }
        for (int p = 0; p < parts.size() - 1; p++) {
            String pkg = parts.get(p);
            if ((pkg.startsWith("DBMS_") || pkg.startsWith("UTL_")) && !SAFE_PACKAGES.contains(pkg)
                    && !SAFE_PACKAGE_CALLS.contains(pkg + "." + parts.get(p + 1))) {
                return true;
            }
        }
        return false;
    }

    /** Upper-cased parts of a dotted name ending at token {@code i}; quoted parts too, so "pg_sleep"(1) is caught. */
    private static List<String> qualifiedName(List<Token> t, int i) {
        List<String> parts = new ArrayList<>();
        int j = i;
        while (true) {
            Token part = t.get(j);
            parts.add(part.key() != null ? part.key() : SqlLexer.keyOf(part.text()));
            if (j >= 2 && t.get(j - 1).isSymbol('.') && t.get(j - 2).isName()) {
                j -= 2;
            } else {
                Collections.reverse(parts);
                return parts;
            }
        }
    }

    private static boolean next(List<Token> t, int i, char c) {
        return i + 1 < t.size() && t.get(i + 1).isSymbol(c);
    }
}
