package io.xugumcp.server.db.xugu;

import io.xugumcp.server.db.xugu.XuguWireDouble.Received;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What {@link XuguWireDouble} accepts and answers. Rules are tried in the order they were added; the first whose
 * matcher accepts the statement answers. Statements are matched on their logical SQL: for an executed prepared
 * statement that is the SQL of its {@code Prepare}, and the bound parameters are in {@link Received#params()}.
 *
 * <p>Without a matching rule, the statements the driver issues by itself ({@code commit}, {@code rollback},
 * {@code set auto commit on|off}, {@code SET SESSION_ISO_LEVEL TO n}, {@code savepoint ...},
 * {@code ROLLBACK TO SAVEPOINT ...}, {@code use ...}, {@code set current_schema to ...}) get a bare {@code K};
 * anything else gets error {@link #UNSCRIPTED_ERROR_CODE}, so a test never passes on SQL it did not expect.
 */
public final class XuguScript {

    /** Error code of the reply to a statement no rule matches. Not a real XuguDB code. */
    static final int UNSCRIPTED_ERROR_CODE = 99999;

    /** The driver's own statements ({@code ExecuteInnerSQL.properties}) that only expect {@code K}. */
    private static final Pattern DRIVER_CONTROL = Pattern.compile(
        "(?i)commit|rollback|set auto commit (on|off)|SET SESSION_ISO_LEVEL TO \\d+|savepoint .+"
            + "|ROLLBACK TO SAVEPOINT .+|use .+|set current_schema to .+");

    private record Rule(Predicate<Received> matcher, Function<Received, XuguReply> reply) {
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, String> credentials = new HashMap<>();
    private volatile Set<String> databases = Set.of();
    private volatile int loginOkTag = XuguWire.LOGIN_OK_201;

    /** Answers the statement whose SQL equals {@code sql} exactly. */
    public XuguScript on(String sql, XuguReply reply) {
        return on(r -> r.sql().equals(sql), r -> reply);
    }

    /** Answers statements whose whole SQL matches {@code regex}. */
    public XuguScript on(Pattern regex, XuguReply reply) {
        return on(r -> regex.matcher(r.sql()).matches(), r -> reply);
    }

    public XuguScript on(Predicate<Received> matcher, XuguReply reply) {
        return on(matcher, r -> reply);
    }

    /** A reply computed from the statement, e.g. from its parameters. */
    public XuguScript on(Predicate<Received> matcher, Function<Received, XuguReply> reply) {
        rules.add(new Rule(matcher, reply));
        return this;
    }

    /** Accepts this user/password pair. Until the first call, any credentials are accepted. */
    public synchronized XuguScript user(String user, String password) {
        credentials.put(user, password);
        return this;
    }

    /** Accepts only these databases (case-insensitive, as the server folds unquoted names). Default: any. */
    public XuguScript databases(String... names) {
        this.databases = Stream.of(names).map(n -> n.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
        return this;
    }

    /** Answer logins with {@code N} (server protocol 301) instead of {@code K} (201). */
    public XuguScript protocol301() {
        this.loginOkTag = XuguWire.LOGIN_OK_301;
        return this;
    }

    int loginOkTag() {
        return loginOkTag;
    }

    /**
     * {@code null} when the login is accepted, else the error text to send. The codes and texts are the double's
     * own: the driver turns any rejection into E50027 and only appends the text.
     */
    synchronized String rejectLogin(XuguWire.Login login) {
        if (login.database() == null || login.user() == null || login.password() == null) {
            return "[E10001]login string lacks database, user or password";
        }
        if (!databases.isEmpty() && !databases.contains(login.database().toUpperCase(Locale.ROOT))) {
            return "[E10002]database " + login.database() + " does not exist";
        }
        if (!credentials.isEmpty() && !login.password().equals(credentials.get(login.user()))) {
            return "[E10003]user name or password is wrong";
        }
        return null;
    }

    XuguReply replyTo(Received received) {
        for (Rule rule : rules) {
            if (rule.matcher().test(received)) {
                return rule.reply().apply(received);
            }
        }
        if (received.kind() == Received.Kind.DIRECT && DRIVER_CONTROL.matcher(received.sql()).matches()) {
            return XuguReply.ok();
        }
        return XuguReply.error(UNSCRIPTED_ERROR_CODE, "XuguWireDouble has no reply scripted for: " + received.sql());
    }
}
