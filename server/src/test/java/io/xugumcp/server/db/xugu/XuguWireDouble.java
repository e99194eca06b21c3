package io.xugumcp.server.db.xugu;

import io.xugumcp.server.db.xugu.XuguWire.Frame;
import io.xugumcp.server.db.xugu.XuguWire.Login;
import io.xugumcp.server.db.xugu.XuguWire.Param;
import io.xugumcp.server.db.xugu.XuguWire.RawCommand;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A protocol-level test double for XuguDB: a TCP server on 127.0.0.1 (ephemeral port) that speaks the wire
 * protocol of the JDBC driver {@code com.xugudb:xugu-jdbc:12.2.0} (see {@link XuguWire}), answers from a
 * {@link XuguScript}, records every login and every SQL text it receives, and injects faults on demand.
 *
 * <p><b>What it proves, and what it does not.</b> Tests against this double prove that our code and the REAL
 * driver agree: that the driver sends the SQL we expect and turns the double's replies into the JDBC values,
 * errors and timings we assert. They prove nothing about a real XuguDB server: the replies are canned, the
 * error texts and login error codes are the double's own, and where the server's behaviour is unknown (e.g.
 * what it answers to {@code Prepare}) the double sends what the driver accepts. Anything that must hold against
 * a server belongs in the opt-in suite that runs against a real XuguDB.
 *
 * <p>One thread per connection; start and close it per test:
 * <pre>{@code
 * try (XuguWireDouble db = XuguWireDouble.start(new XuguScript().on("select 1 from dual", ...))) {
 *     Connection c = DriverManager.getConnection(db.url("SYSTEM"), db.props("SYSDBA", "SYSDBA"));
 * }
 * }</pre>
 */
public final class XuguWireDouble implements AutoCloseable {

    /** Faults applied to connections accepted from now on. */
    public enum ConnectionFault {
        /** Normal service. */
        NONE,
        /** Close the socket as soon as it is accepted, before reading the login. */
        ACCEPT_THEN_CLOSE,
        /** Read the login and never answer (a hung server). */
        SILENT,
        /** Read the login and reset the connection (RST, SO_LINGER 0) without answering. */
        RESET_DURING_LOGIN,
        /** Accept the login, then reset the connection when the first command arrives, without answering it. */
        RESET_AFTER_LOGIN
    }

    /** One command received, in arrival order. */
    public record Received(int session, Kind kind, String wireText, String sql, List<Param> params) {
        public enum Kind {
            /** A plain statement: {@code sql} is the wire text. */
            DIRECT,
            /** {@code Prepare stN as <sql>}: {@code sql} is the prepared SQL. */
            PREPARE,
            /** {@code ? stN} + parameters: {@code sql} is the prepared SQL. */
            EXECUTE,
            /** {@code deallocate stN}: {@code sql} is the prepared SQL. */
            DEALLOCATE
        }
    }

    private static final Pattern PREPARE = Pattern.compile("Prepare (st\\S+) as (.*)", Pattern.DOTALL);
    private static final Pattern EXECUTE = Pattern.compile("\\? (st\\S+)");
    private static final Pattern DEALLOCATE = Pattern.compile("deallocate (st\\S+)");

    private final XuguScript script;
    private final int port;
    private volatile ServerSocket server;
    private volatile Thread acceptor;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Login> logins = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger halts = new AtomicInteger();
    private volatile ConnectionFault fault = ConnectionFault.NONE;
    private volatile Duration latency = Duration.ZERO;

    private XuguWireDouble(XuguScript script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = server.getLocalPort();
        this.acceptor = acceptorFor(server);
    }

    public static XuguWireDouble start(XuguScript script) throws IOException {
        XuguWireDouble db = new XuguWireDouble(script);
        db.acceptor.start();
        return db;
    }

    public int port() {
        return port;
    }

    private Thread acceptorFor(ServerSocket listening) {
        Thread t = new Thread(() -> acceptLoop(listening), "xugu-double-accept-" + port);
        t.setDaemon(true);
        return t;
    }

    public String url(String database) {
        return "jdbc:xugu://127.0.0.1:" + port() + "/" + database;
    }

    /** Driver properties with {@code char_set=UTF8}, as the project always connects. */
    public static Properties props(String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("char_set", "UTF8");
        return p;
    }

    public void connectionFault(ConnectionFault fault) {
        this.fault = fault;
    }

    /**
     * Delays every reply to a command (not the login) by {@code latency}, like a real network and server would.
     * The double answers loopback commands in well under a millisecond, which hides timeouts the driver counts
     * in milliseconds (see {@code isValid}).
     */
    public void replyLatency(Duration latency) {
        this.latency = latency;
    }

    /** Closes the listening socket: new connections are refused (the port is closed), open ones go on. */
    public void stopListening() throws IOException {
        server.close();
    }

    /**
     * Listens again on the same port after {@link #stopListening()}, like a restarted server: a client configured
     * with this port finds it again.
     */
    public synchronized void resumeListening() throws IOException {
        if (!server.isClosed()) {
            return;
        }
        ServerSocket again = new ServerSocket();
        again.setReuseAddress(true);
        again.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server = again;
        acceptor = acceptorFor(again);
        acceptor.start();
    }

    /**
     * Resets every open session (RST), like a server that crashed or a network that dropped them: pooled client
     * connections are dead from now on. New connections are served as usual.
     */
    public void dropSessions() {
        for (Socket s : open) {
            try {
                reset(s);
            } catch (IOException alreadyClosed) {
                // The session ended by itself meanwhile.
            }
        }
    }

    /** Sessions currently open. */
    public int openSessions() {
        return open.size();
    }

    /** Every command received so far, in order, across all connections. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Exactly the SQL texts the driver sent, in order ({@code Prepare ...}, {@code ? stN}, ... included). */
    public List<String> sqlTexts() {
        return received.stream().map(Received::wireText).toList();
    }

    /** The logical statements executed (plain statements and prepared executions), in order. */
    public List<String> executedSql() {
        return received.stream()
            .filter(r -> r.kind() == Received.Kind.DIRECT || r.kind() == Received.Kind.EXECUTE)
            .map(Received::sql)
            .toList();
    }

    public List<Login> logins() {
        return List.copyOf(logins);
    }

    public int connections() {
        return connections.get();
    }

    /** How many halt bytes ({@code '.'}) arrived. */
    public int halts() {
        return halts.get();
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
        for (Socket s : open) {
            s.close();
        }
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private void acceptLoop(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket s = listening.accept();
                int id = connections.incrementAndGet();
                open.add(s);
                Thread t = new Thread(() -> serve(s, id, fault), "xugu-double-session-" + id);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // listening socket closed
            }
        }
    }

    private void serve(Socket s, int session, ConnectionFault fault) {
        try (s) {
            if (fault == ConnectionFault.ACCEPT_THEN_CLOSE) {
                return;
            }
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            OutputStream out = s.getOutputStream();
            byte[] loginBytes = readLogin(in);
            if (loginBytes == null) {
                return;
            }
            Login login = XuguWire.parseLogin(loginBytes);
            logins.add(login);
            switch (fault) {
                case SILENT -> {
                    awaitClose(null);
                    return;
                }
                case RESET_DURING_LOGIN -> {
                    reset(s);
                    return;
                }
                default -> {
                }
            }
            Charset cs = login.charset();
            String rejection = script.rejectLogin(login);
            if (rejection != null) {
                // Like the server (and sqlx-xugu's reader): 'E' + int32 length + text, in ONE write because the
                // driver reads the login reply with a single read() and looks only at what that read returned.
                out.write(new Frame(cs).tag(XuguWire.ERROR).str(rejection).toBytes());
                out.flush();
                return;
            }
            out.write(script.loginOkTag());
            out.flush();
            if (fault == ConnectionFault.RESET_AFTER_LOGIN) {
                in.read(); // wait for the first command, then reset instead of answering
                reset(s);
                return;
            }
            commandLoop(s, session, in, out, cs);
        } catch (IOException e) {
            // The driver closed the connection, or close() closed the socket: the session just ends.
        } finally {
            open.remove(s);
        }
    }

    private void commandLoop(Socket s, int session, DataInputStream in, OutputStream out, Charset cs)
        throws IOException {
        Map<String, String> prepared = new HashMap<>();
        while (true) {
            int tag = in.read();
            if (tag < 0) {
                return;
            }
            if (tag == XuguWire.HALT) {
                // setMaxRows(n <= 2000) reached. The whole reply has already been written, so there is nothing
                // to stop; a server would stop sending rows and finish with 'K'.
                halts.incrementAndGet();
                continue;
            }
            if (tag != XuguWire.CMD) {
                throw new IOException("unknown command byte " + tag);
            }
            RawCommand cmd = XuguWire.readCommand(in, cs);
            Received r = classify(session, cmd, prepared);
            received.add(r);
            Object reply = switch (r.kind()) {
                case PREPARE -> new PrepareReply(XuguWire.countPlaceholders(r.sql()));
                case DEALLOCATE -> XuguReply.ok();
                case DIRECT, EXECUTE -> script.replyTo(r);
            };
            Duration delay = latency;
            if (!delay.isZero() && !awaitClose(delay)) {
                return;
            }
            if (!send(s, out, reply, cs)) {
                return;
            }
        }
    }

    private static Received classify(int session, RawCommand cmd, Map<String, String> prepared) {
        String text = cmd.sql();
        Matcher m = PREPARE.matcher(text);
        if (m.matches()) {
            prepared.put(m.group(1), m.group(2));
            return new Received(session, Received.Kind.PREPARE, text, m.group(2), cmd.params());
        }
        m = EXECUTE.matcher(text);
        if (m.matches()) {
            String sql = prepared.getOrDefault(m.group(1), text);
            return new Received(session, Received.Kind.EXECUTE, text, sql, cmd.params());
        }
        m = DEALLOCATE.matcher(text);
        if (m.matches()) {
            String sql = prepared.getOrDefault(m.group(1), text);
            prepared.remove(m.group(1));
            return new Received(session, Received.Kind.DEALLOCATE, text, sql, cmd.params());
        }
        return new Received(session, Received.Kind.DIRECT, text, text, cmd.params());
    }

    /**
     * The reply to {@code Prepare}: {@code $} with one description per {@code ?}, then {@code K}. The driver keeps
     * the count (it sizes the parameter list) and echoes the names back, but encodes each value by the setter
     * used, not by the type described here, so the double describes every parameter as CHAR named "?".
     */
    private record PrepareReply(int count) {
    }

    private boolean send(Socket s, OutputStream out, Object reply, Charset cs) throws IOException {
        Frame f = new Frame(cs);
        if (reply instanceof PrepareReply p) {
            if (p.count() == 0) {
                // No '$' at all: "$ 0" makes the driver's executeQuery fail with ArrayIndexOutOfBoundsException
                // (ParamList.isReturnVale(0) on an empty list) [V], so a server cannot be sending it.
                write(out, f.tag(XuguWire.END));
                return true;
            }
            f.tag(XuguWire.PARAMS).i32(p.count());
            for (int i = 0; i < p.count(); i++) {
                // name, in/out (the driver adds 1: 0 becomes 1 = IN), wire type, precision/scale
                f.str("?").i32(0).i32(XuguWire.Type.CHAR.code).i32(0);
            }
            write(out, f.tag(XuguWire.END));
            return true;
        }
        if (reply instanceof XuguReply.Delayed d) {
            return awaitClose(d.delay()) && send(s, out, d.inner(), cs);
        } else if (reply instanceof XuguReply.Silence) {
            awaitClose(null);
            return false;
        } else if (reply instanceof XuguReply.Close c) {
            closeOrReset(s, c.reset());
            return false;
        } else if (reply instanceof XuguReply.Ok) {
            write(out, f.tag(XuguWire.END));
        } else if (reply instanceof XuguReply.Count c) {
            write(out, f.tag(c.tag()).i32(c.count()).tag(XuguWire.END));
        } else if (reply instanceof XuguReply.Inserted i) {
            write(out, f.tag(XuguWire.INSERTED).str(i.rowid()).tag(XuguWire.END));
        } else if (reply instanceof XuguReply.Error e) {
            write(out, f.tag(XuguWire.ERROR).str(e.text()).tag(XuguWire.END));
        } else if (reply instanceof XuguReply.Rows r) {
            f.columns(r.columns());
            int n = r.dropAfter() >= 0 ? Math.min(r.dropAfter(), r.rows().size()) : r.rows().size();
            for (int i = 0; i < n; i++) {
                f.row(r.columns(), r.rows().get(i));
            }
            if (r.dropAfter() >= 0) {
                write(out, f); // part of the result, no closing 'K'
                closeOrReset(s, r.reset());
                return false;
            }
            write(out, f.tag(XuguWire.END));
        } else {
            throw new IllegalStateException("unknown reply " + reply);
        }
        return true;
    }

    private static void write(OutputStream out, Frame f) throws IOException {
        out.write(f.toBytes());
        out.flush();
    }

    /** Waits until the double is closed, or for {@code max}; returns true when the wait timed out (still open). */
    private boolean awaitClose(Duration max) {
        try {
            if (max == null) {
                closed.await();
                return false;
            }
            return !closed.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void closeOrReset(Socket s, boolean reset) throws IOException {
        if (reset) {
            reset(s);
        } else {
            s.close();
        }
    }

    /** Closes with SO_LINGER 0, so the peer gets an RST instead of a FIN. */
    private static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    /** The login string up to its 0x00 terminator; {@code null} on EOF. */
    private static byte[] readLogin(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) > 0) {
            b.write(c);
        }
        return c < 0 ? null : b.toByteArray();
    }
}
