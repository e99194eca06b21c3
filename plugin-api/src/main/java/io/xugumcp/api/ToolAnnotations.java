package io.xugumcp.api;

/**
 * The MCP behaviour hints of a tool. They inform clients (which may ask the user before a destructive call);
 * they are never a security boundary – the host enforces permissions itself.
 */
public record ToolAnnotations(boolean readOnly, boolean destructive, boolean idempotent, boolean openWorld) {
    /** Reads only; repeatable. */
    public static final ToolAnnotations READ_ONLY = new ToolAnnotations(true, false, true, false);
    /** Changes data but never removes it. */
    public static final ToolAnnotations WRITE = new ToolAnnotations(false, false, false, false);
    /** May remove or overwrite data. */
    public static final ToolAnnotations DESTRUCTIVE = new ToolAnnotations(false, true, false, false);
}
