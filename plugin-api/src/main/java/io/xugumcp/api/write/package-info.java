/**
 * Writes as data (API 0.3.0). A plugin describes a change – the table, the columns and values, the key columns, a
 * filter – and hands it to the host's {@link io.xugumcp.api.write.Writes} service. The host builds the SQL with the
 * dialect, checks every name against the catalog and quotes it, binds every value, runs each statement through the
 * SQL guard, the caller's permissions, the statement timeout and the audit trail, and enforces the server's
 * preview-and-confirm rules: a change that needs a person's confirmation runs only with a valid confirmation token
 * (bound to the caller, the tool and the exact arguments of the call, single use, short-lived) or after the person
 * accepted an elicitation – never because a model set a flag.
 *
 * @since 0.3.0
 */
package io.xugumcp.api.write;
