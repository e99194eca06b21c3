package io.xugumcp.server.security;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.xugumcp.api.Permission;
import io.xugumcp.api.Security;
import io.xugumcp.api.StatementKind;
import io.xugumcp.server.config.DataDirs;
import io.xugumcp.server.config.InvalidConfigException;
import io.xugumcp.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The security part of the configuration ({@code xugu-mcp.security.*}): roles, HTTP tokens, the default and stdio
 * roles, rate limits and the audit trail, validated at start so a mistake stops the server with the key named.
 * Never prints a token or its hash.
 */
public record SecuritySettings(boolean readWrite, Map<String, Role> roles, String defaultRole, String stdioRole,
                               List<Token> tokens, String plainToken, RateLimits rateLimits, Audit audit,
                               String defaultSchema) {

    /** The five roles every installation has (operators may redefine them and add their own). */
    public static final List<String> BUILT_IN = List.of("read_only", "data_analyst", "data_editor", "developer", "admin");

    /** An HTTP client: its id, role and the SHA-256 of its bearer token. */
    public record Token(String client, String role, byte[] sha256) {
        @Override
        public String toString() {
            return "Token[client=" + client + ", role=" + role + "]";
        }
    }

    /** Server-wide rate limits. */
    public record RateLimits(boolean enabled, Security.RateLimit defaults, int maxStatementsInFlight) {
    }

    /**
     * The audit trail.
     *
     * @param path           the active file; rotated files sit next to it
     * @param flushInterval  the longest a written record may wait for fsync
     * @param failClosed     refuse calls while the trail cannot be written
     */
    public record Audit(boolean enabled, Path path, Duration flushInterval, long maxFileSize, boolean redactLiterals,
                        int maxSqlChars, boolean failClosed) {
    }

    @Override
    public String toString() {
        return "SecuritySettings[mode=" + (readWrite ? "read-write" : "read-only") + ", roles=" + roles.keySet()
                + ", defaultRole=" + defaultRole + ", stdioRole=" + stdioRole + ", tokens=" + tokens
                + ", plainToken=" + (plainToken.isEmpty() ? "off" : "<set>") + ", " + rateLimits + ", " + audit + "]";
    }

    /** True when HTTP callers must present a bearer token. */
    public boolean httpAuthRequired() {
        return !plainToken.isEmpty() || !tokens.isEmpty();
    }

    public static SecuritySettings from(ServerConfig config) {
        Path dataDir = config.dataDir() != null ? config.dataDir() : DataDirs.fromEnvironment();
        return from(config.raw(), config.security().readWrite(), config.http().authToken(), dataDir);
    }

    /** From a resolved configuration tree (tests and tools; the server uses {@link #from(ServerConfig)}). */
    public static SecuritySettings from(Config root, boolean readWrite, String plainToken, Path dataDir) {
        try {
            Config sec = root.getConfig("xugu-mcp.security");
            Map<String, Role> roles = roles(sec);
            String defaultRole = sec.getString("default-role").trim();
            if (defaultRole.isEmpty()) {
                defaultRole = readWrite ? "data_editor" : "data_analyst";
            }
            requireRole(roles, defaultRole, "xugu-mcp.security.default-role");
            String stdioRole = sec.getString("stdio-role").trim();
            if (stdioRole.isEmpty()) {
                stdioRole = defaultRole;
            }
            requireRole(roles, stdioRole, "xugu-mcp.security.stdio-role");
            List<Token> tokens = tokens(sec, roles);

            Config rl = sec.getConfig("rate-limit");
            int perMinute = positive(rl, "per-minute", 1, 10_000_000);
            int burst = positive(rl, "burst", 0, 10_000_000);
            RateLimits rateLimits = new RateLimits(bool(rl, "enabled"),
                    new Security.RateLimit(true, perMinute, burst == 0 ? perMinute : burst),
                    positive(rl, "max-statements-in-flight", 0, 100_000));

            Config au = sec.getConfig("audit");
            String p = au.getString("path").trim();
            Path path = p.isEmpty() ? dataDir.resolve("audit").resolve("audit.log") : Path.of(p);
            if (!path.isAbsolute()) {
                path = dataDir.resolve(path).normalize();
            }
            Duration flush = au.getDuration("flush-interval");
            if (flush.isNegative() || flush.isZero()) {
                throw new InvalidConfigException("xugu-mcp.security.audit.flush-interval: must be positive");
            }
            long maxSize = au.getBytes("max-file-size");
            if (maxSize < 4096) {
                throw new InvalidConfigException("xugu-mcp.security.audit.max-file-size: must be at least 4 KiB");
            }
            Audit audit = new Audit(bool(au, "enabled"), path.toAbsolutePath(), flush, maxSize,
                    bool(au, "redact-literals"), positive(au, "max-sql-chars", 32, 1_000_000), bool(au, "fail-closed"));
            return new SecuritySettings(readWrite, roles, defaultRole, stdioRole, tokens,
                    plainToken == null ? "" : plainToken, rateLimits, audit, sec.getString("default-schema").trim());
        } catch (ConfigException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    private static void requireRole(Map<String, Role> roles, String role, String key) {
        if (!roles.containsKey(role)) {
            throw new InvalidConfigException(key + ": no role '" + role + "' is defined; roles: " + roles.keySet());
        }
    }

    /** Booleans the way the earlier server's variables were written, too: true/false, yes/no, on/off, 1/0. */
    static boolean bool(Config c, String key) {
        String v = String.valueOf(c.getValue(key).unwrapped()).trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0", "" -> false;
            default -> throw new InvalidConfigException(key + ": must be true or false, got '" + v + "'");
        };
    }

    private static int positive(Config c, String key, int min, int max) {
        int v;
        try {
            v = c.getInt(key);
        } catch (ConfigException.WrongType e) {
            throw new InvalidConfigException(key + ": must be a whole number, got '" + c.getValue(key).unwrapped() + "'");
        }
        if (v < min || v > max) {
            throw new InvalidConfigException(key + ": must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    static Map<String, Role> roles(Config sec) {
        ConfigObject obj = sec.getObject("roles");
        Map<String, Config> raw = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(BUILT_IN.stream().filter(obj::containsKey).toList());
        obj.keySet().stream().filter(n -> !BUILT_IN.contains(n)).sorted().forEach(names::add);
        for (String name : names) {
            if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new InvalidConfigException("xugu-mcp.security.roles: role name '" + name + "' may hold only"
                        + " letters, digits, '_', '.' and '-'");
            }
            ConfigValue v = obj.get(name);
            if (v.valueType() != ConfigValueType.OBJECT) {
                throw new InvalidConfigException("xugu-mcp.security.roles." + name + ": must be an object");
            }
            raw.put(name, ((ConfigObject) v).toConfig());
        }
        Map<String, Role> roles = new LinkedHashMap<>();
        for (String name : names) {
            roles.put(name, role(name, raw, new HashSet<>()));
        }
        return roles;
    }

    private static Role role(String name, Map<String, Config> raw, Set<String> seen) {
        String key = "xugu-mcp.security.roles." + name;
        Config c = raw.get(name);
        if (!seen.add(name)) {
            throw new InvalidConfigException(key + ".inherits: roles inherit from each other in a circle");
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        Set<StatementKind> kinds = EnumSet.noneOf(StatementKind.class);
        List<Role.TableRule> rules = new ArrayList<>();
        Security.RateLimit rate = null;
        if (c.hasPath("inherits")) {
            String parent = c.getString("inherits").trim();
            if (!raw.containsKey(parent)) {
                throw new InvalidConfigException(key + ".inherits: no role '" + parent + "' is defined");
            }
            Role p = role(parent, raw, seen);
            permissions.addAll(p.permissions());
            kinds.addAll(p.allowedKinds());
            rules.addAll(p.rules());
            rate = p.rateLimit();
        }
        if (c.hasPath("permissions")) {
            permissions.addAll(permissions(c.getStringList("permissions"), key + ".permissions"));
        }
        if (c.hasPath("allow-kinds")) {
            for (String k : c.getStringList("allow-kinds")) {
                try {
                    kinds.add(StatementKind.valueOf(k.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new InvalidConfigException(key + ".allow-kinds: unknown statement kind '" + k + "'; one of "
                            + StatementRules.GATED);
                }
            }
        }
        if (c.hasPath("tables")) {
            int i = 0;
            for (Config t : c.getConfigList("tables")) {
                String tk = key + ".tables[" + i++ + "]";
                List<String> patterns = new ArrayList<>();
                if (t.hasPath("pattern")) {
                    patterns.add(t.getString("pattern"));
                }
                if (t.hasPath("patterns")) {
                    patterns.addAll(t.getStringList("patterns"));
                }
                if (patterns.isEmpty()) {
                    throw new InvalidConfigException(tk + ": needs pattern (or patterns), e.g. pattern = \"dev_*\"");
                }
                Set<Permission> allow = t.hasPath("allow") ? permissions(t.getStringList("allow"), tk + ".allow") : Set.of();
                Set<Permission> deny = t.hasPath("deny") ? permissions(t.getStringList("deny"), tk + ".deny") : Set.of();
                if (allow.isEmpty() && deny.isEmpty()) {
                    throw new InvalidConfigException(tk + ": needs allow or deny, e.g. allow = [DROP]");
                }
                for (String p : patterns) {
                    try {
                        rules.add(Role.TableRule.of(p, allow, deny));
                    } catch (IllegalArgumentException e) {
                        throw new InvalidConfigException(tk + ": " + e.getMessage());
                    }
                }
            }
        }
        if (c.hasPath("rate-limit")) {
            Config r = c.getConfig("rate-limit");
            boolean enabled = !r.hasPath("enabled") || bool(r, "enabled");
            int per = r.hasPath("per-minute") ? positive(r, "per-minute", 1, 10_000_000) : -1;
            int burst = r.hasPath("burst") ? positive(r, "burst", 0, 10_000_000) : 0;
            if (per < 0 && enabled) {
                throw new InvalidConfigException(key + ".rate-limit: needs per-minute (or enabled = false)");
            }
            per = Math.max(per, 1);
            rate = new Security.RateLimit(enabled, per, burst == 0 ? per : burst);
        }
        String description = c.hasPath("description") ? c.getString("description") : "";
        seen.remove(name);
        return new Role(name, description, permissions, kinds, rules, rate, BUILT_IN.contains(name));
    }

    private static Set<Permission> permissions(List<String> names, String key) {
        Set<Permission> out = EnumSet.noneOf(Permission.class);
        for (String n : names) {
            String u = n.trim().toUpperCase(Locale.ROOT);
            if (u.equals("ALL")) {
                out.addAll(EnumSet.allOf(Permission.class));
                continue;
            }
            try {
                out.add(Permission.valueOf(u));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(key + ": unknown permission '" + n + "'; one of ALL, "
                        + java.util.Arrays.toString(Permission.values()));
            }
        }
        return out;
    }

    private static List<Token> tokens(Config sec, Map<String, Role> roles) {
        List<Token> out = new ArrayList<>();
        Set<String> clients = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        int i = 0;
        for (Config t : sec.getConfigList("tokens")) {
            String key = "xugu-mcp.security.tokens[" + i++ + "]";
            if (t.hasPath("token")) {
                throw new InvalidConfigException(key + ": store the token's hash, not the token: sha256 = \"…\" (make it"
                        + " with: xugu-mcp hash-token)");
            }
            if (!t.hasPath("client") || !t.hasPath("sha256")) {
                throw new InvalidConfigException(key + ": needs client, role and sha256 (from: xugu-mcp hash-token)");
            }
            String client = t.getString("client").trim();
            String role = t.hasPath("role") ? t.getString("role").trim() : "";
            if (client.isEmpty() || !client.matches("[A-Za-z0-9_.@:-]{1,64}")) {
                throw new InvalidConfigException(key + ".client: 1 to 64 letters, digits or _ . @ : -");
            }
            if (!clients.add(client)) {
                throw new InvalidConfigException(key + ".client: '" + client + "' is listed twice");
            }
            if (role.isEmpty()) {
                throw new InvalidConfigException(key + ".role: required");
            }
            requireRole(roles, role, key + ".role");
            String hex = t.getString("sha256").trim().toLowerCase(Locale.ROOT);
            if (hex.startsWith("sha256:")) {
                hex = hex.substring(7);
            }
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new InvalidConfigException(key + ".sha256: must be 64 hex digits (from: xugu-mcp hash-token)");
            }
            if (!hashes.add(hex)) {
                throw new InvalidConfigException(key + ".sha256: the same token is given to two clients");
            }
            out.add(new Token(client, role, java.util.HexFormat.of().parseHex(hex)));
        }
        return List.copyOf(out);
    }
}
