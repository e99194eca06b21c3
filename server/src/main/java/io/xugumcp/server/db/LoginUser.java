package io.xugumcp.server.db;

import java.util.Locale;

/**
 * Who the server logs in as, so the log and diagnose_connection name the user actually used.
 *
 * <p>Only XuguDB gets the XuguDB default user ({@value #XUGU_DEFAULT}). A PostgreSQL or H2 URL that names a user
 * ({@code ?user=} / {@code ;USER=}) logs in as that user: PgJDBC lets the URL win over the user passed beside it, and
 * H2 refuses a different user beside the URL's ("Duplicate property"), so the URL's user is the one passed. With no
 * user anywhere, PostgreSQL's driver takes the account name ({@code user.name}) and H2 the empty user; the server
 * passes those explicitly so that what it logs is what the driver does.
 *
 * @param name       the user name handed to the driver (never {@code null}; may be empty for H2)
 * @param overridden the configured user when the URL named another one (the configured one is then not used), else
 *                   {@code null}
 */
public record LoginUser(String name, String overridden) {

    /** The XuguDB installation's default administrator; only ever a default for XuguDB. */
    public static final String XUGU_DEFAULT = "SYSDBA";

    /**
     * @param url        the JDBC URL the pool will use (the XuguDB host settings already turned into a URL)
     * @param configured {@code xugu-mcp.database.user} ({@code XUGU_DB_USER}); empty when not set
     * @param osUser     the {@code user.name} system property, PgJDBC's default user
     */
    public static LoginUser of(String url, String configured, String osUser) {
        String given = configured == null ? "" : configured.trim();
        String lower = url.toLowerCase(Locale.ROOT);
        String fromUrl = UrlSetting.find(url, "user");
        if (lower.startsWith("jdbc:postgresql:") && fromUrl != null && fromUrl.isEmpty()) {
            fromUrl = null; // PgJDBC treats an empty ?user= as none
        }
        if (fromUrl != null) {
            return new LoginUser(fromUrl, given.isEmpty() || given.equals(fromUrl) ? null : given);
        }
        if (!given.isEmpty()) {
            return new LoginUser(given, null);
        }
        if (lower.startsWith("jdbc:xugu:")) {
            return new LoginUser(XUGU_DEFAULT, null);
        }
        return new LoginUser(lower.startsWith("jdbc:postgresql:") && osUser != null ? osUser : "", null);
    }

    /** The name for logs: an empty user is shown as such rather than as nothing. */
    public String shown() {
        return name.isEmpty() ? "(empty user)" : name;
    }
}
