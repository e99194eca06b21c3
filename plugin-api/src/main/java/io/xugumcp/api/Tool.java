package io.xugumcp.api;

import java.util.Map;
import java.util.Objects;

/**
 * One MCP tool: what the client sees ({@code name}, {@code title}, {@code description}, the JSON schemas and the
 * annotations), the permission the caller needs, and the handler that runs it.
 * Schemas are plain JSON-shaped maps (see {@link JsonSchema} for a small builder); an output schema promises that
 * the handler returns structured content of that shape.
 *
 * @param outputSchema may be {@code null}
 */
public record Tool(
        String name,
        String title,
        String description,
        Map<String, Object> inputSchema,
        Map<String, Object> outputSchema,
        ToolAnnotations annotations,
        Permission permission,
        ToolHandler handler) {

    public Tool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(inputSchema, "inputSchema");
        Objects.requireNonNull(annotations, "annotations");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(handler, "handler");
        inputSchema = Map.copyOf(inputSchema);
        outputSchema = outputSchema == null ? null : Map.copyOf(outputSchema);
    }

    /** Starts a builder for a tool called {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builder for {@link Tool}; defaults: no output schema, {@link ToolAnnotations#READ_ONLY}, {@link Permission#SELECT}. */
    public static final class Builder {
        private final String name;
        private String title;
        private String description;
        private Map<String, Object> inputSchema = JsonSchema.object().build();
        private Map<String, Object> outputSchema;
        private ToolAnnotations annotations = ToolAnnotations.READ_ONLY;
        private Permission permission = Permission.SELECT;
        private ToolHandler handler;

        private Builder(String name) {
            this.name = name;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder inputSchema(Map<String, Object> schema) {
            this.inputSchema = schema;
            return this;
        }

        public Builder outputSchema(Map<String, Object> schema) {
            this.outputSchema = schema;
            return this;
        }

        public Builder annotations(ToolAnnotations annotations) {
            this.annotations = annotations;
            return this;
        }

        public Builder permission(Permission permission) {
            this.permission = permission;
            return this;
        }

        public Builder handler(ToolHandler handler) {
            this.handler = handler;
            return this;
        }

        public Tool build() {
            return new Tool(name, title, description, inputSchema, outputSchema, annotations, permission, handler);
        }
    }
}
