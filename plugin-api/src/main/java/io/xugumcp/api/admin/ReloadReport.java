package io.xugumcp.api.admin;

import java.util.List;

/**
 * What a configuration reload did.
 *
 * @param applied         false when the new configuration was refused (then nothing changed)
 * @param source          the file read, or the environment only
 * @param changed         settings applied live, e.g. {@code roles}, {@code rate-limit}, {@code disabled-plugins}
 * @param restartRequired settings that changed in the file but only take effect at the next start
 *                        (database address, HTTP address, audit file …)
 * @param errors          why it was refused: each names the key and what is wrong
 * @param toolsChanged    true when the set of tools changed (clients were sent {@code notifications/tools/list_changed})
 * @since 0.3.0
 */
public record ReloadReport(boolean applied, String source, List<String> changed, List<String> restartRequired,
                           List<String> errors, boolean toolsChanged) {

    public ReloadReport {
        changed = List.copyOf(changed);
        restartRequired = List.copyOf(restartRequired);
        errors = List.copyOf(errors);
    }
}
