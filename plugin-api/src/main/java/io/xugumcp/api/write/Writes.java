package io.xugumcp.api.write;

import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * The host's write path, bound to one tool call (its caller, its tool name and its exact arguments, which a
 * confirmation token is bound to). Obtained from {@link io.xugumcp.api.ToolCall#writes()}.
 *
 * <p>All of it runs only in read-write mode and only for roles holding the statement's permission; read-only mode
 * refuses it with a message naming the mode and how an operator changes it.
 *
 * @since 0.3.0
 */
public interface Writes {

    /**
     * Builds the change's statements – names resolved against the catalog and quoted, values bound – without running
     * anything and without any confirmation round. Unknown tables and columns throw
     * {@link io.xugumcp.api.ToolException} ({@code not_found}) naming the closest existing names.
     */
    WritePlan plan(Change change);

    /**
     * Runs a change under the server's rules: refused without a filter (unless {@link Filter#allRows()}), previewed
     * when {@link WriteOptions#dryRun()}, held back with {@link WriteResult.Status#CONFIRMATION_REQUIRED} when the
     * server's confirmation policy applies and neither a valid token nor the person's answer (elicitation, where the
     * client supports it) confirms it, rolled back when more rows than allowed would change. Preview, confirmation and
     * commit are separate audit records tied by the token's id.
     */
    WriteResult apply(Change change, WriteOptions options);

    /**
     * Imports rows in batches of bound values, reporting MCP progress per batch and stopping between batches when
     * the call is cancelled. An import larger than the server's atomic limit must use {@link ImportOptions.Mode#PER_BATCH}.
     *
     * @param rows read lazily; each map is one row (column → JSON-shaped value)
     */
    ImportResult importRows(TableRef table, Iterator<Map<String, Object>> rows, ImportOptions options);

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws (the exception is
     * rethrown). Statements inside pass the guard, permissions and audit; no confirmation round.
     */
    <T> T inTransaction(Function<Transaction, T> work);

    /**
     * Opens a file from the operator's import folder ({@code xugu-mcp.writes.import-dir}) for an import, so that large
     * data need not travel through the assistant's context. The host decides what may be read: file imports must be
     * on (the folder configured), {@code path} is taken relative to that folder and must name a regular file inside it
     * (no {@code ..} or absolute path leading elsewhere, no symbolic link out of it), no larger than the configured
     * limit. The caller closes the stream.
     *
     * @throws ToolException {@link io.xugumcp.api.ErrorCode#DENIED} when file imports are off or the path leads
     *                       outside the folder, {@link io.xugumcp.api.ErrorCode#NOT_FOUND} when there is no such file
     * @since 0.3.0
     */
    default java.io.InputStream openImportFile(String path) {
        throw new io.xugumcp.api.ToolException(io.xugumcp.api.ErrorCode.UNSUPPORTED,
                "This server does not read import files; send the data inline.");
    }
}
