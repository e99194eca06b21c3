package io.xugumcp.server.db;

/**
 * The password the server passes beside the JDBC URL. A PostgreSQL or H2 URL that carries its own password
 * ({@code ?password=} / {@code ;PASSWORD=}) logs in with that one, as {@link LoginUser} does for the user: PgJDBC lets
 * the URL win anyway, and H2 refuses a different password beside the URL's ("Duplicate property PASSWORD") – which the
 * empty default {@code xugu-mcp.database.password} would be.
 *
 * @param value             the password handed to the driver (never {@code null}; may be empty)
 * @param configuredIgnored true when a non-empty configured password differs from the URL's and is not used
 */
public record LoginPassword(String value, boolean configuredIgnored) {

    /**
     * @param url        the JDBC URL the pool will use
     * @param configured {@code xugu-mcp.database.password} ({@code XUGU_DB_PASSWORD}); empty when not set
     */
    public static LoginPassword of(String url, String configured) {
        String given = configured == null ? "" : configured;
        String fromUrl = UrlSetting.find(url, "password");
        if (fromUrl == null) {
            return new LoginPassword(given, false);
        }
        return new LoginPassword(fromUrl, !given.isEmpty() && !given.equals(fromUrl));
    }

    @Override
    public String toString() {
        return "LoginPassword[" + (value.isEmpty() ? "<empty>" : "<set>") + ", configuredIgnored=" + configuredIgnored
                + "]";
    }
}
