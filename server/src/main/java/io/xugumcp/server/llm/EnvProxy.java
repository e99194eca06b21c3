package io.xugumcp.server.llm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.Authenticator;

/**
 * The proxy the environment asks for: {@code HTTPS_PROXY} / {@code HTTP_PROXY} (either case), minus the hosts in
 * {@code NO_PROXY} (exact names, {@code .suffix} or {@code suffix} for subdomains, {@code *}). The JDK reads none of
 * these variables, and an LLM provider behind a corporate proxy is the common case. Loopback (a local Ollama) never
 * goes through a proxy. Credentials in the proxy URL ({@code http://user:pass@proxy:3128}) become
 * {@code Proxy-Authorization}.
 */
final class EnvProxy extends ProxySelector {
    private final Proxy https;
    private final Proxy http;
    private final String credentials;
    private final List<String> noProxy;

    private EnvProxy(Proxy https, Proxy http, String credentials, List<String> noProxy) {
        this.https = https;
        this.http = http;
        this.credentials = credentials;
        this.noProxy = noProxy;
    }

    /** The selector for this environment, or {@code null} when no proxy is configured. */
    static EnvProxy from(Map<String, String> env) {
        try {
            return parse(env);
        } catch (IllegalArgumentException e) {
            // The JDK's message quotes the URL, and with it any password in it.
            throw new IllegalArgumentException("HTTPS_PROXY / HTTP_PROXY is not a proxy URL such as http://proxy:3128");
        }
    }

    private static EnvProxy parse(Map<String, String> env) {
        String httpsUrl = first(env, "HTTPS_PROXY", "https_proxy");
        String httpUrl = first(env, "HTTP_PROXY", "http_proxy");
        if (httpsUrl == null && httpUrl == null) {
            return null;
        }
        String creds = null;
        for (String u : new String[] {httpsUrl, httpUrl}) {
            if (creds == null && u != null) {
                String info = uri(u).getRawUserInfo();
                if (info != null && !info.isEmpty()) {
                    creds = "Basic " + Base64.getEncoder().encodeToString(
                            java.net.URLDecoder.decode(info, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        List<String> no = new ArrayList<>();
        String list = first(env, "NO_PROXY", "no_proxy");
        if (list != null) {
            for (String s : list.split(",")) {
                String t = s.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    no.add(t.replaceFirst(":\\d+$", ""));
                }
            }
        }
        return new EnvProxy(httpsUrl == null ? null : proxy(httpsUrl), httpUrl == null ? null : proxy(httpUrl), creds,
                List.copyOf(no));
    }

    /** Adds the proxy's credentials when it asks for them (407). */
    Authenticator authenticator() {
        if (credentials == null) {
            return Authenticator.NONE;
        }
        return (route, response) -> {
            if (response.request().header("Proxy-Authorization") != null) {
                return null;
            }
            return response.request().newBuilder().header("Proxy-Authorization", credentials).build();
        };
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (bypass(host)) {
            return List.of(Proxy.NO_PROXY);
        }
        Proxy p = "https".equalsIgnoreCase(uri.getScheme()) ? (https != null ? https : http) : http;
        return List.of(p == null ? Proxy.NO_PROXY : p);
    }

    boolean bypass(String host) {
        if (host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]")) {
            return true;
        }
        for (String n : noProxy) {
            if (n.equals("*")) {
                return true;
            }
            String suffix = n.startsWith("*.") ? n.substring(1) : n.startsWith(".") ? n : "." + n;
            if (host.equals(n.replaceFirst("^\\*?\\.", "")) || host.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // OkHttp reports and retries routes itself.
    }

    private static Proxy proxy(String url) {
        URI u = uri(url);
        int port = u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(u.getHost(), port));
    }

    private static URI uri(String url) {
        String u = url.trim();
        URI parsed = URI.create(u.contains("://") ? u : "http://" + u);
        if (parsed.getHost() == null) {
            throw new IllegalArgumentException("proxy URL without a host");
        }
        return parsed;
    }

    private static String first(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        // Never the credentials.
        return "EnvProxy[https=" + https + ", http=" + http + ", noProxy=" + noProxy + "]";
    }
}
