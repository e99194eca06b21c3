package io.xugumcp.server;

import io.xugumcp.server.audit.AuditVerifier;
import io.xugumcp.server.security.Identities;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code hash-token} and {@code audit verify} commands: no configuration or database needed. */
final class SecurityCommands {

    private SecurityCommands() {
    }

    /** {@code hash-token [TOKEN|-]}: prints the SHA-256 (hex) for {@code xugu-mcp.security.tokens[].sha256}. */
    static int hashToken(String[] args, PrintStream console, InputStream in) throws java.io.IOException {
        if (args.length > 2) {
            throw new IllegalArgumentException("usage: xugu-mcp hash-token [TOKEN|-]");
        }
        if (args.length == 1) {
            String token = Identities.newToken();
            console.println("token:  " + token);
            console.println("sha256: " + Identities.hashToken(token));
            System.err.println("Give the token to the client (Authorization: Bearer <token>) and put only the sha256 in"
                    + " the config: tokens = [ { client = \"…\", role = \"…\", sha256 = \"…\" } ]");
            return 0;
        }
        String token = args[1];
        if (token.equals("-")) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = r.readLine();
            token = line == null ? "" : line.strip();
        }
        if (token.isEmpty()) {
            throw new IllegalArgumentException("hash-token: the token is empty");
        }
        console.println(Identities.hashToken(token));
        return 0;
    }

    /** {@code audit verify FILE...}. */
    static int audit(String[] args, PrintStream console) throws java.io.IOException {
        if (args.length < 3 || !args[1].equals("verify")) {
            throw new IllegalArgumentException("usage: xugu-mcp audit verify FILE... (audit.log, rotated files oldest"
                    + " first, or the audit directory)");
        }
        List<Path> files = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            Path p = Path.of(args[i]);
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("audit verify: no such file: " + p);
            }
            files.addAll(AuditVerifier.expand(p));
        }
        AuditVerifier.Report report = AuditVerifier.verify(files);
        console.print(report.describe());
        return report.valid() ? 0 : 1;
    }
}
