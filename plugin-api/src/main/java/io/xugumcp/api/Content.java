package io.xugumcp.api;

/** A content block of a tool result or prompt message (the MCP content types). */
public sealed interface Content {

    /** Text. */
    record Text(String text) implements Content {
    }

    /** An image, base64-encoded. */
    record Image(String base64Data, String mimeType) implements Content {
    }

    /** Audio, base64-encoded. */
    record Audio(String base64Data, String mimeType) implements Content {
    }

    /** A resource embedded in the result. */
    record EmbeddedResource(ResourceContents resource) implements Content {
    }
}
